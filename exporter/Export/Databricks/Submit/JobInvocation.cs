using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Input;
using Handoff.Shared.Databricks.Jobs;

namespace Handoff.Exporter.Databricks.Submit;

/// <summary>
/// What the job run does: load <see cref="Source"/> (one export, or the exports under a prefix)
/// into <see cref="Table"/> with the spark engine, through the launcher, with optional storage
/// set-up on the driver.
/// </summary>
public sealed record JobInvocation
{
    public const string TaskKey = "handoff_load";

    public required ExportSource Source { get; init; }

    public required string Table { get; init; }

    /// <summary>overwrite or append.</summary>
    public string Mode { get; init; } = "overwrite";

    public MountSpec? Mount { get; init; }

    public IReadOnlyList<string> CheckPaths { get; init; } = [];

    public bool Serverless { get; init; }

    /// <summary>The launcher's parameters: its own options, then "--" and the spark-job command line.</summary>
    public IReadOnlyList<string> LauncherParameters(RemoteBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (Serverless && Mount is not null)
        {
            throw new InputArgumentException(
                "a DBFS mount cannot be used on serverless compute: DBFS mounts are not available there; read the export from a Unity Catalog volume or an external location instead",
                new MountOnServerless());
        }

        var parameters = new List<string> { "--archive", bundle.RuntimePath(LocalBundle.ArchiveName), "--binary-sha256", bundle.BinarySha256 };
        if (Mount is { } mount)
        {
            parameters.AddRange(["--mount-source", mount.Source, "--mount-point", mount.MountPoint, "--secret-scope", mount.SecretScope, "--secret-key", mount.SecretKey, "--credential-kind", mount.CredentialKind]);
            if (mount.ClientId is not null)
            {
                parameters.AddRange(["--client-id", mount.ClientId]);
            }

            if (mount.TenantId is not null)
            {
                parameters.AddRange(["--tenant-id", mount.TenantId]);
            }
        }

        foreach (var path in CheckPaths)
        {
            parameters.AddRange(["--check-path", path]);
        }

        if (Serverless)
        {
            parameters.Add("--serverless");
        }

        parameters.AddRange(["--", "load", "--engine", "spark", Source.Option, Source.Location, "--table", Table, "--mode", Mode]);
        return parameters;
    }

    /// <summary>The task that runs the launcher, without compute.</summary>
    public JobTask Task(RemoteBundle bundle) => new()
    {
        TaskKey = TaskKey,
        SparkPythonTask = new SparkPythonTask { PythonFile = bundle.PythonFile, Parameters = LauncherParameters(bundle), Source = bundle.PythonSource },
    };
}
