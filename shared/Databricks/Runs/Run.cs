using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Databricks.Runs;

/// <summary>A run as <c>runs/get</c> and <c>runs/list</c> return it (Jobs API 2.2).</summary>
public sealed record Run
{
    public long RunId { get; init; }

    public long? JobId { get; init; }

    public long? NumberInJob { get; init; }

    public string? RunName { get; init; }

    public RunState? State { get; init; }

    public RunStatus? Status { get; init; }

    /// <summary>Epoch milliseconds.</summary>
    public long? StartTime { get; init; }

    public long? EndTime { get; init; }

    public long? RunDuration { get; init; }

    public string? RunPageUrl { get; init; }

    public string? RunType { get; init; }

    public IReadOnlyList<RunTask>? Tasks { get; init; }

    /// <summary>A for-each task's iterations (its run then has the one for-each task in <see cref="Tasks"/>).</summary>
    public IReadOnlyList<RunTask>? Iterations { get; init; }

    public JsonArray? JobClusters { get; init; }

    public JsonArray? JobParameters { get; init; }

    public JsonArray? RepairHistory { get; init; }

    /// <summary>2.2: more tasks follow; <see cref="RunsClient.GetAsync"/> fetches and merges them.</summary>
    public string? NextPageToken { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>The life cycle state, from <c>state</c> or else the 2.2 <c>status</c>.</summary>
    [JsonIgnore]
    public string LifeCycle => State?.LifeCycleState ?? Status?.State ?? "UNKNOWN";

    /// <summary>The result once the run is over (SUCCESS, FAILED, TIMEDOUT, CANCELED, or a value added later).</summary>
    [JsonIgnore]
    public string? Result => State?.ResultState ?? Status?.TerminationDetails?.Code;

    [JsonIgnore]
    public bool IsFinal => LifeCycleStates.IsFinal(State?.LifeCycleState) || (State?.LifeCycleState is null && Status?.State == LifeCycleStates.Terminated);
}

/// <summary>One task of a run; its <see cref="RunId"/> is what <c>runs/get-output</c> takes.</summary>
public sealed record RunTask
{
    public long RunId { get; init; }

    public string? TaskKey { get; init; }

    public RunState? State { get; init; }

    public RunStatus? Status { get; init; }

    public long? StartTime { get; init; }

    public long? EndTime { get; init; }

    public int? AttemptNumber { get; init; }

    public string? RunPageUrl { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>What <c>runs/get-output</c> returns for a task run: the end of its stdout/stderr, and the error if it failed.</summary>
public sealed record RunOutput
{
    public Run? Metadata { get; init; }

    public string? Error { get; init; }

    public string? ErrorTrace { get; init; }

    /// <summary>The task's standard output and error (the API keeps the last 5 MB).</summary>
    public string? Logs { get; init; }

    public bool? LogsTruncated { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
