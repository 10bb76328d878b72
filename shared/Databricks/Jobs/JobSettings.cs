using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Databricks.Jobs;

/// <summary>A job's settings (Jobs API 2.2 <c>JobSettings</c>); unknown fields pass through in <see cref="Extra"/>.</summary>
public sealed record JobSettings
{
    public string? Name { get; init; }

    public IReadOnlyList<JobTask>? Tasks { get; init; }

    public JsonArray? JobClusters { get; init; }

    public IReadOnlyList<JobEnvironment>? Environments { get; init; }

    public CronSchedule? Schedule { get; init; }

    public int? MaxConcurrentRuns { get; init; }

    public QueueSettings? Queue { get; init; }

    public long? TimeoutSeconds { get; init; }

    public JobEmailNotifications? EmailNotifications { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Job-level parameters: <c>[{name, default}]</c>, referenced as <c>{{job.parameters.NAME}}</c>.</summary>
    public IReadOnlyList<JobParameterDefinition>? Parameters { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record CronSchedule
{
    public required string QuartzCronExpression { get; init; }

    public required string TimezoneId { get; init; }

    /// <summary><c>PAUSED</c> or <c>UNPAUSED</c>.</summary>
    public string? PauseStatus { get; init; }
}

public sealed record QueueSettings(bool Enabled);

public sealed record JobEmailNotifications
{
    public IReadOnlyList<string>? OnStart { get; init; }

    public IReadOnlyList<string>? OnSuccess { get; init; }

    public IReadOnlyList<string>? OnFailure { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record JobParameterDefinition(string Name, string Default);
