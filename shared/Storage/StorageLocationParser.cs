using System.Net;
using System.Text.RegularExpressions;

namespace Handoff.Shared.Storage;

/// <summary>
/// Parses the location forms users type:
/// <list type="bullet">
/// <item>a local path (relative paths are made absolute), <c>file:///abs/path</c> or <c>file://localhost/abs/path</c>;</item>
/// <item><c>https://acct.blob.core.windows.net/container/prefix</c>, optionally with a SAS query string;</item>
/// <item><c>abfss://container@acct.dfs.core.windows.net/prefix</c> and <c>wasbs://container@acct.blob.core.windows.net/prefix</c> (also abfs, wasb);</item>
/// <item>path-style emulator URLs such as Azurite's <c>http://127.0.0.1:10000/acct/container/prefix</c>.</item>
/// </list>
/// Anything else is an <see cref="StorageErrorKind.InvalidLocation"/> whose message shows the
/// text without its query string, so a SAS is never echoed.
/// </summary>
public static partial class StorageLocationParser
{
    public static StorageLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw Invalid(trimmed, "the location is empty");
        }

        var scheme = SchemePattern().Match(trimmed);
        if (!scheme.Success)
        {
            return ParseLocalPath(trimmed);
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
        {
            throw Invalid(trimmed, "it is not a valid URL");
        }

        if (HasDotSegment(trimmed))
        {
            // Uri would quietly resolve them; a location that walks up is a mistake, not a shortcut.
            throw Invalid(trimmed, "'.' and '..' segments are not allowed");
        }

        return scheme.Groups[1].Value.ToLowerInvariant() switch
        {
            "file" => ParseFileUri(trimmed, uri),
            "https" or "http" => ParseHttpUri(trimmed, uri),
            "abfss" or "abfs" or "wasbs" or "wasb" => ParseHadoopUri(trimmed, uri),
            var other => throw Invalid(trimmed, $"the scheme '{other}' is not supported; use a local path, file://, https://<account>.blob.core.windows.net/<container>/<prefix>, abfss:// or wasbs://"),
        };
    }

    /// <summary>The location text as it may be shown to a user: no query string, no user info on http(s).</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var query = text.IndexOfAny(['?', '#']);
        var withoutQuery = query < 0 ? text : text[..query];
        var credentials = HttpUserInfoPattern().Match(withoutQuery);
        return credentials.Success ? credentials.Groups[1].Value + withoutQuery[(credentials.Length)..] : withoutQuery;
    }

    private static LocalLocation ParseLocalPath(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid(text, "the path contains a NUL character");
        }

        return new LocalLocation(Path.TrimEndingDirectorySeparator(Path.GetFullPath(text)) is { Length: > 0 } full ? full : Path.GetFullPath(text));
    }

    private static LocalLocation ParseFileUri(string text, Uri uri)
    {
        if (uri.Host.Length != 0 && !uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(text, $"file URLs must name a local path (file:///path), not the host '{uri.Host}'");
        }

        if (uri.Query.Length != 0)
        {
            throw Invalid(text, "file URLs take no query string");
        }

        // file://localhost/x reads as a UNC path to .NET; the host adds nothing, so drop it.
        var local = uri.Host.Length == 0 ? uri : new Uri("file:///" + uri.AbsolutePath.TrimStart('/'));
        return ParseLocalPath(local.LocalPath);
    }

    private static BlobLocation ParseHttpUri(string text, Uri uri)
    {
        if (uri.UserInfo.Length != 0)
        {
            throw Invalid(text, "put credentials in a SAS query string or the environment, not in the URL");
        }

        var sas = uri.Query.Length > 1 ? uri.Query[1..] : null;
        var segments = PathSegments(uri);
        var authority = $"{uri.Scheme}://{uri.Authority}/";

        var account = AccountOfHost(uri.Host, "blob") ?? AccountOfHost(uri.Host, "dfs");
        if (account is not null)
        {
            var serviceUri = new Uri($"{uri.Scheme}://{account.Value.Account}.blob.{account.Value.Suffix}{(uri.IsDefaultPort ? string.Empty : ":" + uri.Port)}/");
            return Build(text, serviceUri, account.Value.Account, segments, sas);
        }

        if (!IsPathStyleHost(uri))
        {
            throw Invalid(text, $"'{uri.Host}' is not a Blob endpoint; expected https://<account>.blob.core.windows.net/<container>/<prefix> or an emulator URL http://127.0.0.1:<port>/<account>/<container>/<prefix>");
        }

        if (segments.Count == 0)
        {
            throw Invalid(text, "an emulator URL needs the account, then the container: http://127.0.0.1:<port>/<account>/<container>/<prefix>");
        }

        var accountName = segments[0];
        return Build(text, new Uri($"{authority}{accountName}/"), accountName, segments.GetRange(1, segments.Count - 1), sas);
    }

    private static BlobLocation ParseHadoopUri(string text, Uri uri)
    {
        if (uri.Query.Length != 0)
        {
            throw Invalid(text, $"{uri.Scheme} URLs take no query string; pass a SAS through AZURE_STORAGE_SAS_TOKEN or use an https:// URL");
        }

        var container = Uri.UnescapeDataString(uri.UserInfo);
        if (container.Length == 0)
        {
            throw Invalid(text, $"the container is missing: expected {uri.Scheme}://<container>@<account>.{(uri.Scheme.StartsWith("abfs", StringComparison.OrdinalIgnoreCase) ? "dfs" : "blob")}.core.windows.net/<prefix>");
        }

        var account = AccountOfHost(uri.Host, "dfs") ?? AccountOfHost(uri.Host, "blob")
            ?? throw Invalid(text, $"'{uri.Host}' is not an Azure storage host (<account>.dfs.core.windows.net or <account>.blob.core.windows.net)");
        var segments = PathSegments(uri);
        segments.Insert(0, container);
        return Build(text, new Uri($"https://{account.Account}.blob.{account.Suffix}/"), account.Account, segments, sas: null);
    }

    private static BlobLocation Build(string text, Uri serviceUri, string account, List<string> containerAndPrefix, string? sas)
    {
        if (AzureNames.AccountNameProblem(account) is { } accountProblem)
        {
            throw Invalid(text, $"'{account}' is not a valid storage account name: {accountProblem}");
        }

        if (containerAndPrefix.Count == 0)
        {
            throw Invalid(text, "the container is missing: add it after the account, as in .../<container>/<prefix>");
        }

        var container = containerAndPrefix[0];
        if (AzureNames.ContainerNameProblem(container) is { } containerProblem)
        {
            throw Invalid(text, $"'{container}' is not a valid container name: {containerProblem}");
        }

        var prefix = string.Join('/', containerAndPrefix.Skip(1));
        if (prefix.Length != 0)
        {
            try
            {
                ObjectPath.Validate(prefix);
            }
            catch (StorageException ex)
            {
                throw Invalid(text, ex.Message);
            }
        }

        return new BlobLocation(serviceUri, account, container, prefix, string.IsNullOrEmpty(sas) ? null : sas);
    }

    /// <summary>Decoded path segments, dropping the empty one a trailing '/' leaves.</summary>
    private static List<string> PathSegments(Uri uri)
    {
        var path = uri.AbsolutePath.TrimStart('/');
        if (path.EndsWith('/'))
        {
            path = path[..^1];
        }

        return path.Length == 0 ? [] : path.Split('/').Select(Uri.UnescapeDataString).ToList();
    }

    /// <summary>For "acct.blob.core.windows.net" and service "blob": ("acct", "core.windows.net").</summary>
    private static (string Account, string Suffix)? AccountOfHost(string host, string service)
    {
        var marker = $".{service}.";
        var at = host.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at <= 0 || host.IndexOf('.', StringComparison.Ordinal) != at)
        {
            return null;
        }

        var suffix = host[(at + marker.Length)..];
        return suffix.Contains('.', StringComparison.Ordinal) ? (host[..at].ToLowerInvariant(), suffix.ToLowerInvariant()) : null;
    }

    private static bool HasDotSegment(string text)
    {
        var end = text.IndexOfAny(['?', '#']);
        var withoutQuery = end < 0 ? text : text[..end];
        var pathStart = withoutQuery.IndexOf("://", StringComparison.Ordinal) + 3;
        return withoutQuery[pathStart..].Split('/').Skip(1)
            .Select(segment => Uri.UnescapeDataString(segment))
            .Any(segment => segment is "." or "..");
    }

    private static bool IsPathStyleHost(Uri uri) =>
        uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out _) || !uri.IsDefaultPort;

    private static StorageException Invalid(string text, string reason) =>
        new(StorageErrorKind.InvalidLocation, $"invalid storage location '{Redact(text)}': {reason}");

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]+):/", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();

    [GeneratedRegex("^(https?://)[^/@]*@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HttpUserInfoPattern();
}
