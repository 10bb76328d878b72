using System.Net;
using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Config;

/// <summary>
/// Checks a workspace URL before any call: https, a host name, nothing after it. Plain http is
/// accepted only on loopback (127.0.0.1, ::1, localhost), where local test servers live, so a
/// token is never sent in the clear over a network.
/// </summary>
public static class DatabricksHost
{
    /// <summary>The workspace URL as <c>https://host[:port]/</c>; <paramref name="source"/> names where the text came from.</summary>
    public static Uri Validate(string text, string source)
    {
        var trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            throw new DatabricksConfigException(
                $"{source} '{trimmed}' is not a workspace URL: it must start with https:// (for example https://adb-1234567890123456.7.azuredatabricks.net).");
        }

        if (uri.Scheme == "http" && !IsLoopback(uri))
        {
            throw new DatabricksConfigException(
                $"{source} '{trimmed}' uses http: the workspace must be reached over https, so the token is never sent in the clear (use https://{uri.Authority}).");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new DatabricksConfigException(
                $"{source} '{trimmed}' has a path ('{uri.PathAndQuery}{uri.Fragment}'): give only the workspace URL, like {uri.Scheme}://{uri.Authority}.");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new DatabricksConfigException($"{source} must not carry a user name or password; use a token or OAuth credentials.");
        }

        return new Uri($"{uri.Scheme}://{uri.Authority}/");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
