namespace Handoff.Shared.Storage;

/// <summary>
/// Where an export or a table lives: a local folder or a Blob container prefix. Parsed from
/// the forms users type (see <see cref="StorageLocationParser"/>). <see cref="ToString"/> is the
/// display form and never includes a SAS or key.
/// </summary>
public abstract record StorageLocation
{
    /// <summary>A location for a sub-path of this one ('/'-separated, relative).</summary>
    public abstract StorageLocation Combine(string relativePath);
}

/// <summary>A local folder, as an absolute path.</summary>
public sealed record LocalLocation(string FullPath) : StorageLocation
{
    public override StorageLocation Combine(string relativePath) =>
        new LocalLocation(Path.GetFullPath(Path.Combine(FullPath, relativePath.Replace('/', Path.DirectorySeparatorChar))));

    public override string ToString() => FullPath;
}

/// <summary>
/// A prefix inside a Blob container. <paramref name="ServiceUri"/> is the account's blob
/// endpoint (https://acct.blob.core.windows.net/ or Azurite's http://127.0.0.1:port/acct/).
/// <paramref name="Sas"/> is a SAS query string given in the location itself, kept out of
/// <see cref="ToString"/>.
/// </summary>
public sealed record BlobLocation(Uri ServiceUri, string AccountName, string Container, string Prefix, string? Sas = null) : StorageLocation
{
    public override StorageLocation Combine(string relativePath) =>
        this with { Prefix = Prefix.Length == 0 ? relativePath.Trim('/') : $"{Prefix.TrimEnd('/')}/{relativePath.Trim('/')}" };

    public override string ToString() => $"{ServiceUri.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{Container}{(Prefix.Length == 0 ? string.Empty : "/" + Prefix)}";
}
