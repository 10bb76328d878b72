using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Jobs;

namespace Handoff.Exporter.Databricks.Submit;

/// <summary>
/// Where the job runs: an existing cluster, a new job cluster, or serverless compute. Which one the
/// options name, and reading a new cluster's file, is the command line's (exporter/Cli/ComputeArguments).
/// </summary>
public sealed record ComputeSpec
{
    public const string ServerlessEnvironmentKey = "handoff";

    /// <summary>
    /// The serverless environment version when none is asked for: 4, the version the Databricks
    /// CLI's templates and its ssh command use (databricks/cli 7bbe2852,
    /// libs/template/templates/default/library/versions.tmpl <c>serverless_environment_version</c>,
    /// experimental/ssh/cmd/constants.go <c>defaultEnvironmentVersion</c>).
    /// </summary>
    public const string DefaultEnvironmentVersion = "4";

    private ComputeSpec()
    {
    }

    public string? ClusterId { get; private init; }

    public JsonObject? NewCluster { get; private init; }

    public bool Serverless { get; private init; }

    /// <summary>The serverless environment's <c>environment_version</c>.</summary>
    public string EnvironmentVersion { get; private init; } = DefaultEnvironmentVersion;

    public static ComputeSpec ExistingCluster(string clusterId) => new() { ClusterId = clusterId };

    public static ComputeSpec NewJobCluster(JsonObject spec) => new() { NewCluster = spec };

    public static ComputeSpec ServerlessCompute(string? environmentVersion = null) => new() { Serverless = true, EnvironmentVersion = environmentVersion ?? DefaultEnvironmentVersion };

    /// <summary>Puts this compute on a task (cluster fields, or the serverless environment key).</summary>
    public JobTask ApplyTo(JobTask task) => task with
    {
        ExistingClusterId = ClusterId,
        NewCluster = NewCluster?.DeepClone().AsObject(),
        JobClusterKey = null,
        EnvironmentKey = Serverless ? ServerlessEnvironmentKey : null,
    };

    /// <summary>The environments list a serverless run needs, or null.</summary>
    public IReadOnlyList<JobEnvironment>? Environments() => Serverless
        ? [new JobEnvironment { EnvironmentKey = ServerlessEnvironmentKey, Spec = new JsonObject { ["environment_version"] = EnvironmentVersion } }]
        : null;
}
