using Handoff.Exporter.Databricks;

namespace Handoff.Exporter.Cli;

/// <summary>
/// The typed problems of submit and schedule said with the exporter's flags, as users have always
/// seen them; the library's own messages name no flag.
/// </summary>
internal static class JobProblemMessages
{
    public static string Describe(JobProblem problem) => problem switch
    {
        JobFileRefused p => $"--from {p.File}: {p.Detail}",
        NoJobMatchesName p => $"--from {p.File}: resources.jobs has {p.Keys.Count} jobs ({string.Join(", ", p.Keys)}); none or several match --name '{p.JobName}'",
        NoJobCompute p => $"say where the job runs: --cluster-id ID, --new-cluster FILE.json or --serverless, or give the '{p.TaskKey}' task compute (or exactly one job_clusters entry) in --from, or set DATABRICKS_CLUSTER_ID (cluster_id in the profile)",
        ManifestNamesNoExportFolder p => $"--manifest '{p.Location}' names no export folder",
        MountOnServerless => "--mount-source cannot be used on serverless compute: DBFS mounts are not available there; read the export from a Unity Catalog volume or an external location instead (--check-path /Volumes/...)",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem.GetType().Name, "a job problem this command line does not word"),
    };
}
