using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Http;

namespace Handoff.Shared.Databricks.Jobs;

/// <summary>Jobs API 2.2 jobs: create, reset, update, get (all pages), list (all pages), run-now, delete.</summary>
public sealed class JobsClient
{
    private const string Base = "/api/2.2/jobs";
    private readonly DatabricksPipeline _pipeline;

    internal JobsClient(DatabricksPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Creates a job. Never retried after an unknown outcome: a second call would create a second job.</summary>
    public async Task<long> CreateAsync(JobSettings settings, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("create", ToNode(settings), idempotent: false, cancellationToken);
        return response.ReadJson<JobIdResponse>().JobId;
    }

    /// <summary>Replaces all of a job's settings (safe to repeat).</summary>
    public async Task ResetAsync(long jobId, JobSettings newSettings, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = ToNode(newSettings) }, idempotent: true, cancellationToken);
    }

    /// <summary>Changes the given top-level fields and removes <paramref name="fieldsToRemove"/> (safe to repeat).</summary>
    public async Task UpdateAsync(long jobId, JobSettings? newSettings, IReadOnlyList<string>? fieldsToRemove, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["job_id"] = jobId };
        if (newSettings is not null)
        {
            body["new_settings"] = ToNode(newSettings);
        }

        if (fieldsToRemove is { Count: > 0 })
        {
            body["fields_to_remove"] = new JsonArray(fieldsToRemove.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }

        using var response = await SendAsync("update", body, idempotent: true, cancellationToken);
    }

    /// <summary>
    /// The job with all its tasks, job clusters, parameters and environments: 2.2 pages these
    /// arrays 100 at a time, and each page carries the next part of each, as the SDK merges them
    /// (databricks/databricks-sdk-go v0.175.0, service/jobs/ext_api.go <c>Get</c>).
    /// </summary>
    public async Task<Job> GetAsync(long jobId, CancellationToken cancellationToken)
    {
        Job? first = null;
        var tasks = new List<JobTask>();
        var clusters = new JsonArray();
        var parameters = new List<JobParameterDefinition>();
        var environments = new List<JobEnvironment>();
        string? pageToken = null;
        do
        {
            var path = ApiPaths.WithQuery($"{Base}/get", ("job_id", jobId), ("page_token", pageToken));
            using var response = await _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Get, path, "jobs/get") { Idempotent = true }, cancellationToken);
            var page = response.ReadJson<Job>();
            first ??= page;
            tasks.AddRange(page.Settings?.Tasks ?? []);
            foreach (var cluster in page.Settings?.JobClusters ?? [])
            {
                clusters.Add(cluster?.DeepClone());
            }

            parameters.AddRange(page.Settings?.Parameters ?? []);
            environments.AddRange(page.Settings?.Environments ?? []);
            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);

        var settings = first.Settings is null ? null : first.Settings with
        {
            Tasks = first.Settings.Tasks is null && tasks.Count == 0 ? null : tasks,
            JobClusters = first.Settings.JobClusters is null && clusters.Count == 0 ? null : clusters,
            Parameters = first.Settings.Parameters is null && parameters.Count == 0 ? null : parameters,
            Environments = first.Settings.Environments is null && environments.Count == 0 ? null : environments,
        };
        return first with { Settings = settings, NextPageToken = null };
    }

    /// <summary>Jobs, every page; with <paramref name="name"/>, only jobs of that exact name (the API compares case-insensitively).</summary>
    public async IAsyncEnumerable<Job> ListAsync(string? name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            var path = ApiPaths.WithQuery($"{Base}/list", ("name", name), ("limit", 100), ("page_token", pageToken));
            JobListPage page;
            using (var response = await _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Get, path, "jobs/list") { Idempotent = true }, cancellationToken))
            {
                page = response.ReadJson<JobListPage>();
            }

            foreach (var job in page.Jobs ?? [])
            {
                yield return job;
            }

            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);
    }

    /// <summary>Starts a run of a saved job. Retried after an unknown outcome only with an idempotency token.</summary>
    public async Task<RunNowResponse> RunNowAsync(long jobId, RunNowOptions? options, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["job_id"] = jobId };
        if (options?.IdempotencyToken is { } token)
        {
            body["idempotency_token"] = token;
        }

        if (options?.JobParameters is { } parameters)
        {
            body["job_parameters"] = JsonSerializer.SerializeToNode(parameters, DatabricksJson.Options);
        }

        using var response = await SendAsync("run-now", body, idempotent: options?.IdempotencyToken is not null, cancellationToken);
        return response.ReadJson<RunNowResponse>();
    }

    /// <summary>Deletes a job. Not retried after an unknown outcome (a repeat would fail with "does not exist").</summary>
    public async Task DeleteAsync(long jobId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("delete", new JsonObject { ["job_id"] = jobId }, idempotent: false, cancellationToken);
    }

    private static JsonNode ToNode(JobSettings settings) => JsonSerializer.SerializeToNode(settings, DatabricksJson.Options)!;

    private Task<DatabricksResponse> SendAsync(string verb, JsonNode body, bool idempotent, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Post, $"{Base}/{verb}", $"jobs/{verb}") { JsonBody = body, Idempotent = idempotent }, cancellationToken);

    private sealed record JobIdResponse(long JobId);

    private sealed record JobListPage(IReadOnlyList<Job>? Jobs, bool? HasMore, string? NextPageToken);
}
