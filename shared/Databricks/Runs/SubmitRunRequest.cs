using System.Text.Json;
using System.Text.Json.Serialization;
using Handoff.Shared.Databricks.Jobs;

namespace Handoff.Shared.Databricks.Runs;

/// <summary>The body of <c>runs/submit</c>: a one-time run, not a saved job.</summary>
public sealed record SubmitRunRequest
{
    public string? RunName { get; init; }

    public required IReadOnlyList<JobTask> Tasks { get; init; }

    public IReadOnlyList<JobEnvironment>? Environments { get; init; }

    public long? TimeoutSeconds { get; init; }

    /// <summary>Makes the call safe to retry: a second submit with the same token returns the first run.</summary>
    public string? IdempotencyToken { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record SubmitRunResponse
{
    public long RunId { get; init; }
}

/// <summary>Filters for <c>runs/list</c>.</summary>
public sealed record RunListQuery
{
    public long? JobId { get; init; }

    public bool ActiveOnly { get; init; }

    public bool CompletedOnly { get; init; }

    /// <summary>Page size, 1–25 (the API's maximum).</summary>
    public int PageSize { get; init; } = 25;

    public bool ExpandTasks { get; init; }
}
