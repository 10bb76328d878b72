using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Databricks.Jobs;

/// <summary>
/// A task of a job or of a one-time run (Jobs API 2.2 field names). The cluster spec and other
/// large structures stay JSON, and fields we do not model are kept in <see cref="Extra"/>, so
/// a definition read from a file goes back to the API unchanged.
/// </summary>
public sealed record JobTask
{
    public string? TaskKey { get; init; }

    public string? Description { get; init; }

    public SparkPythonTask? SparkPythonTask { get; init; }

    public string? ExistingClusterId { get; init; }

    public JsonObject? NewCluster { get; init; }

    public string? JobClusterKey { get; init; }

    public string? EnvironmentKey { get; init; }

    public JsonArray? Libraries { get; init; }

    public JsonArray? DependsOn { get; init; }

    public int? MaxRetries { get; init; }

    public long? MinRetryIntervalMillis { get; init; }

    public bool? RetryOnTimeout { get; init; }

    public long? TimeoutSeconds { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    [JsonIgnore]
    public bool HasCompute => ExistingClusterId is not null || NewCluster is not null || JobClusterKey is not null || EnvironmentKey is not null;
}

/// <summary>Runs a Python file on the cluster driver with command-line parameters.</summary>
public sealed record SparkPythonTask
{
    public required string PythonFile { get; init; }

    public IReadOnlyList<string>? Parameters { get; init; }

    /// <summary><c>WORKSPACE</c> or <c>GIT</c>; a string, so values added later pass through.</summary>
    public string? Source { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A serverless environment a task refers to by <see cref="EnvironmentKey"/>.</summary>
public sealed record JobEnvironment
{
    public required string EnvironmentKey { get; init; }

    public required JsonObject Spec { get; init; }
}
