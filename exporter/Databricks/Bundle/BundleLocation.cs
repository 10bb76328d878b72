using Handoff.Shared.Cli;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>Unity Catalog volume (Files API) or workspace files (Workspace API, for workspaces without Unity Catalog).</summary>
public enum BundleStoreKind
{
    Volume,
    Workspace,
}

/// <summary>
/// Where bundles live (<c>--bundle-path</c>): a volume folder <c>/Volumes/catalog/schema/volume/…</c>
/// or a workspace folder <c>/Workspace/…</c> (also <c>/Users/…</c>, <c>/Shared/…</c>). Each bundle
/// gets its own sub-folder named after its hash.
/// </summary>
public sealed record BundleLocation(BundleStoreKind Kind, string ApiRoot, string RuntimeRoot)
{
    public static BundleLocation Parse(string text)
    {
        var path = text.Trim().TrimEnd('/');
        if (path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new UsageException($"--bundle-path '{text}' must be a plain absolute path (no '..' or backslashes)");
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            return segments.Length >= 4
                ? new BundleLocation(BundleStoreKind.Volume, path, path)
                : throw new UsageException($"--bundle-path '{text}' names no volume: use /Volumes/<catalog>/<schema>/<volume>[/folder]");
        }

        if (path.StartsWith("/Workspace/", StringComparison.Ordinal) && segments.Length >= 2)
        {
            return new BundleLocation(BundleStoreKind.Workspace, path["/Workspace".Length..], path);
        }

        if (segments.Length >= 2 && segments[0] is "Users" or "Shared" or "Repos")
        {
            return new BundleLocation(BundleStoreKind.Workspace, path, "/Workspace" + path);
        }

        throw new UsageException(
            $"--bundle-path '{text}' must be a Unity Catalog volume folder (/Volumes/<catalog>/<schema>/<volume>/...) or a workspace folder (/Workspace/Users/<you>/...)");
    }

    public RemoteBundle For(LocalBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return new RemoteBundle(this, bundle.Hash);
    }
}

/// <summary>The folder of one bundle and the paths of its files, as the API and as the cluster see them.</summary>
public sealed record RemoteBundle(BundleLocation Location, string Hash)
{
    public string ApiFolder => $"{Location.ApiRoot}/{Hash}";

    public string RuntimeFolder => $"{Location.RuntimeRoot}/{Hash}";

    public string ApiPath(string name) => $"{ApiFolder}/{name}";

    /// <summary>The path on the cluster driver (volumes and workspace files are mounted there).</summary>
    public string RuntimePath(string name) => $"{RuntimeFolder}/{name}";

    /// <summary>What <c>spark_python_task.python_file</c> names: the volume path, or the workspace path.</summary>
    public string PythonFile => Location.Kind == BundleStoreKind.Volume ? RuntimePath(LauncherScript.FileName) : ApiPath(LauncherScript.FileName);

    /// <summary><c>spark_python_task.source</c>: WORKSPACE for workspace files, none for volumes.</summary>
    public string? PythonSource => Location.Kind == BundleStoreKind.Workspace ? "WORKSPACE" : null;
}
