using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;

namespace Handoff.SparkJob.Engines;

/// <summary>
/// A committed export: its folder and its parsed manifest. The manifest location may name the
/// manifest.json itself or the export folder. An export without a manifest does not exist.
/// </summary>
public sealed record ExportReference(IObjectStore Folder, ExportManifest Manifest)
{
    public const string ManifestName = "manifest.json";

    /// <summary>
    /// Files whose manifest checksum this run computed from their bytes (a manifest built from
    /// files), as storage listed them then: one that still has that size and last-modified time
    /// is not hashed again by the pre-load check; the load hashes every byte it reads or copies anyway.
    /// </summary>
    public IReadOnlyDictionary<string, StoredObject>? HashedThisRun { get; init; }

    public static Task<ExportReference> OpenAsync(string manifestLocation, StorageCredentials credentials, CancellationToken cancellationToken) =>
        OpenAsync(StorageLocationParser.Parse(manifestLocation), credentials, cancellationToken);

    /// <summary>As the text overload, for a location already parsed (and so still holding the SAS a URL gave).</summary>
    public static async Task<ExportReference> OpenAsync(StorageLocation location, StorageCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var folderLocation = IsManifestFile(location) ? Parent(location) : location;
        var folder = ObjectStoreFactory.Open(folderLocation, credentials);
        if (await folder.GetAsync(ManifestName, cancellationToken) is null)
        {
            throw new ManifestMissingException(folderLocation.Combine(ManifestName).ToString());
        }

        await using var stream = await folder.OpenReadAsync(ManifestName, cancellationToken);
        var manifest = await ManifestJson.ReadAsync(stream, cancellationToken);
        return new ExportReference(folder, manifest);
    }

    /// <summary>True when the location names a manifest.json rather than a folder.</summary>
    internal static bool IsManifestFile(StorageLocation location) => location switch
    {
        LocalLocation local => Path.GetFileName(local.FullPath) == ManifestName,
        BlobLocation blob => blob.Prefix == ManifestName || blob.Prefix.EndsWith("/" + ManifestName, StringComparison.Ordinal),
        _ => false,
    };

    private static StorageLocation Parent(StorageLocation location) => location switch
    {
        LocalLocation local => new LocalLocation(Path.GetDirectoryName(local.FullPath)!),
        BlobLocation blob => blob with { Prefix = blob.Prefix.Contains('/', StringComparison.Ordinal) ? blob.Prefix[..blob.Prefix.LastIndexOf('/')] : string.Empty },
        _ => location,
    };
}
