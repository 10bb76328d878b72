using System.Globalization;
using System.Net;
using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Config;

/// <summary>A workspace URL reduced to <c>scheme://host[:port]/</c>, and the workspace id a pasted <c>?o=</c> carried.</summary>
public sealed record NormalizedHost(Uri Uri, string? WorkspaceId)
{
    /// <summary>"https://adb-1.2.azuredatabricks.net", for messages and comparisons.</summary>
    public string Text => Uri.GetLeftPart(UriPartial.Authority);
}

/// <summary>
/// Normalises a workspace URL the way the Databricks SDK does (databricks/databricks-sdk-go
/// v0.175.0, config/config.go <c>fixHostIfNeeded</c>): a host without a scheme gets https://,
/// and the path, query and fragment are dropped, keeping a numeric <c>?o=</c> (or
/// <c>workspace_id=</c>) as the workspace id, as URLs copied from the browser carry it. Unlike
/// the SDK, plain http is accepted only on loopback (127.0.0.1, ::1, localhost), where local
/// test servers live, so a token is never sent in the clear over a network.
/// </summary>
public static class DatabricksHost
{
    /// <summary>The workspace URL as <c>https://host[:port]/</c>; <paramref name="source"/> names where the text came from.</summary>
    public static Uri Validate(string text, string source) => Normalize(text, source).Uri;

    public static NormalizedHost Normalize(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "https://" + trimmed;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Scheme is not ("https" or "http"))
        {
            throw new DatabricksConfigException(
                $"{source} '{trimmed}' is not a workspace URL: give https://<workspace-host> (for example https://adb-1234567890123456.7.azuredatabricks.net).");
        }

        if (uri.Scheme == "http" && !IsLoopback(uri))
        {
            throw new DatabricksConfigException(
                $"{source} '{trimmed}' uses http: the workspace must be reached over https, so the token is never sent in the clear (use https://{uri.Authority}).");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new DatabricksConfigException($"{source} must not carry a user name or password; use a token or OAuth credentials.");
        }

        return new NormalizedHost(new Uri($"{uri.Scheme}://{uri.Authority}/"), WorkspaceIdOf(uri.Query));
    }

    /// <summary>True when both texts name the same workspace once normalised (scheme, host and port; case-insensitive).</summary>
    public static bool SameWorkspace(Uri a, Uri b) =>
        string.Equals(a.GetLeftPart(UriPartial.Authority), b.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    private static string? WorkspaceIdOf(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0 ? (pair[..equals], Uri.UnescapeDataString(pair[(equals + 1)..])) : (pair, string.Empty);
            if (name is "o" or "workspace_id" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
