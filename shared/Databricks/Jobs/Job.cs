using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Databricks.Jobs;

/// <summary>A job as <c>jobs/get</c> and <c>jobs/list</c> return it.</summary>
public sealed record Job
{
    public long JobId { get; init; }

    public string? CreatorUserName { get; init; }

    public long? CreatedTime { get; init; }

    public JobSettings? Settings { get; init; }

    /// <summary>2.2: more tasks or job clusters follow; <see cref="JobsClient.GetAsync"/> fetches and merges them.</summary>
    public string? NextPageToken { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>What <c>jobs/run-now</c> takes besides the job id.</summary>
public sealed record RunNowOptions
{
    /// <summary>Makes the call safe to retry: the same token never starts a second run.</summary>
    public string? IdempotencyToken { get; init; }

    public IReadOnlyDictionary<string, string>? JobParameters { get; init; }
}

public sealed record RunNowResponse
{
    public long RunId { get; init; }

    public long? NumberInJob { get; init; }
}
