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

    /// <summary>
    /// The API takes a limit "greater than 0 and less than 25" (databricks/databricks-sdk-go
    /// v0.175.0, service/jobs/model.go <c>ListRunsRequest.Limit</c>).
    /// </summary>
    public const int MaxPageSize = 24;

    /// <summary>Page size, 1–24.</summary>
    public int PageSize { get; init; } = MaxPageSize;

    public bool ExpandTasks { get; init; }
}
