namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>The folder of one bundle and the paths of its files, as the API and as the cluster see them.</summary>
public sealed record RemoteBundle(BundleLocation Location, string Hash, string BinarySha256)
{
    /// <summary>Stands for the hash in a dry run, which builds nothing.</summary>
    public const string UnknownHash = "<bundle-hash>";

    /// <summary>Stands for the binary's SHA-256 in a dry run.</summary>
    public const string UnknownSha256 = "<sha256-of-spark-job>";

    /// <summary>What a dry run shows: the location's paths with marked placeholders for what only a build knows.</summary>
    public static RemoteBundle Unbuilt(BundleLocation location) => new(location, UnknownHash, UnknownSha256);

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
