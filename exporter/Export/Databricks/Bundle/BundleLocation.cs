namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>Unity Catalog volume (Files API) or workspace files (for workspaces without Unity Catalog).</summary>
public enum BundleStoreKind
{
    Volume,
    Workspace,
}

/// <summary>
/// Where bundles live: a volume folder <c>/Volumes/catalog/schema/volume/…</c> or a workspace
/// folder <c>/Workspace/…</c> (also <c>/Users/…</c>, <c>/Shared/…</c>). By default it is the user's
/// own <c>/Workspace/Users/&lt;user&gt;/.handoff/bundles</c>, as the Databricks CLI puts bundle
/// files under the user's home folder. Each bundle gets its own sub-folder named after its hash.
/// </summary>
public sealed record BundleLocation(BundleStoreKind Kind, string ApiRoot, string RuntimeRoot)
{
    /// <summary>Stands for the user's name in a dry run, which asks the workspace nothing.</summary>
    public const string UnknownUser = "<current-user>";

    /// <summary>The folder below the user's home.</summary>
    public const string HomeFolder = ".handoff/bundles";

    /// <summary><c>/Workspace/Users/&lt;userName&gt;/.handoff/bundles</c>.</summary>
    public static BundleLocation ForUser(string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        var api = $"/Users/{userName}/{HomeFolder}";
        return new BundleLocation(BundleStoreKind.Workspace, api, "/Workspace" + api);
    }

    /// <param name="source">What the text came from, for messages (an option or a variable).</param>
    public static BundleLocation Parse(string text, string source)
    {
        var path = text.Trim().TrimEnd('/');
        if (path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new BundleException($"{source} '{text}' must be a plain absolute path (no '..' or backslashes)");
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            return segments.Length >= 4
                ? new BundleLocation(BundleStoreKind.Volume, path, path)
                : throw new BundleException($"{source} '{text}' names no volume: use /Volumes/<catalog>/<schema>/<volume>[/folder]");
        }

        if (path.StartsWith("/Workspace/", StringComparison.Ordinal) && segments.Length >= 2)
        {
            return new BundleLocation(BundleStoreKind.Workspace, path["/Workspace".Length..], path);
        }

        if (segments.Length >= 2 && segments[0] is "Users" or "Shared" or "Repos")
        {
            return new BundleLocation(BundleStoreKind.Workspace, path, "/Workspace" + path);
        }

        throw new BundleException(
            $"{source} '{text}' must be a Unity Catalog volume folder (/Volumes/<catalog>/<schema>/<volume>/...) or a workspace folder (/Workspace/Users/<you>/...)");
    }
}
