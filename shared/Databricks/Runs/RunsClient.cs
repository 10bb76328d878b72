using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Http;

namespace Handoff.Shared.Databricks.Runs;

/// <summary>Jobs API 2.2 runs: submit, get (all task pages), get-output, cancel, list (all pages).</summary>
public sealed class RunsClient
{
    private const string Base = "/api/2.2/jobs/runs";
    private readonly DatabricksPipeline _pipeline;

    internal RunsClient(DatabricksPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Starts a one-time run. Retried on failure only when the request carries an idempotency token.</summary>
    public async Task<long> SubmitAsync(SubmitRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Post, $"{Base}/submit", "jobs/runs/submit")
            {
                JsonBody = JsonSerializer.SerializeToNode(request, DatabricksJson.Options),
                Idempotent = request.IdempotencyToken is not null,
            },
            cancellationToken);
        return response.ReadJson<SubmitRunResponse>().RunId;
    }

    /// <summary>
    /// The run with every task (or, for a for-each task's run, every iteration), job cluster, job
    /// parameter and repair: 2.2 pages these arrays 100 at a time, merged as the SDK merges them
    /// (databricks/databricks-sdk-go v0.175.0, service/jobs/ext_api.go <c>GetRun</c>): when the
    /// first page has iterations, later pages add iterations, otherwise tasks.
    /// </summary>
    public async Task<Run> GetAsync(long runId, CancellationToken cancellationToken)
    {
        Run? first = null;
        var tasks = new List<RunTask>();
        var iterations = new List<RunTask>();
        var clusters = new JsonArray();
        var parameters = new JsonArray();
        var repairs = new JsonArray();
        string? pageToken = null;
        do
        {
            var path = ApiPaths.WithQuery($"{Base}/get", ("run_id", runId), ("page_token", pageToken));
            using var response = await _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Get, path, "jobs/runs/get") { Idempotent = true }, cancellationToken);
            var page = response.ReadJson<Run>();
            var pagingIterations = (first ?? page).Iterations is { Count: > 0 };
            if (first is null || !pagingIterations)
            {
                tasks.AddRange(page.Tasks ?? []);
            }

            if (first is null || pagingIterations)
            {
                iterations.AddRange(page.Iterations ?? []);
            }

            first ??= page;
            Append(clusters, page.JobClusters);
            Append(parameters, page.JobParameters);
            Append(repairs, page.RepairHistory);
            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);

        return first with
        {
            Tasks = tasks,
            Iterations = first.Iterations is null && iterations.Count == 0 ? null : iterations,
            JobClusters = first.JobClusters is null && clusters.Count == 0 ? null : clusters,
            JobParameters = first.JobParameters is null && parameters.Count == 0 ? null : parameters,
            RepairHistory = first.RepairHistory is null && repairs.Count == 0 ? null : repairs,
            NextPageToken = null,
        };
    }

    /// <summary>The output of one task run (for a multi-task run, pass the task's run id).</summary>
    public async Task<RunOutput> GetOutputAsync(long taskRunId, CancellationToken cancellationToken)
    {
        var path = ApiPaths.WithQuery($"{Base}/get-output", ("run_id", taskRunId));
        using var response = await _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Get, path, "jobs/runs/get-output") { Idempotent = true }, cancellationToken);
        return response.ReadJson<RunOutput>();
    }

    /// <summary>Asks the run to stop; it ends asynchronously (cancelling twice is harmless).</summary>
    public async Task CancelAsync(long runId, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Post, $"{Base}/cancel", "jobs/runs/cancel") { JsonBody = new JsonObject { ["run_id"] = runId }, Idempotent = true },
            cancellationToken);
    }

    /// <summary>Runs, newest first, every page.</summary>
    public async IAsyncEnumerable<Run> ListAsync(RunListQuery? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        query ??= new RunListQuery();
        string? pageToken = null;
        do
        {
            var path = ApiPaths.WithQuery(
                $"{Base}/list",
                ("job_id", query.JobId),
                ("active_only", query.ActiveOnly ? true : null),
                ("completed_only", query.CompletedOnly ? true : null),
                ("expand_tasks", query.ExpandTasks ? true : null),
                ("limit", Math.Clamp(query.PageSize, 1, RunListQuery.MaxPageSize)),
                ("page_token", pageToken));
            RunListPage page;
            using (var response = await _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Get, path, "jobs/runs/list") { Idempotent = true }, cancellationToken))
            {
                page = response.ReadJson<RunListPage>();
            }

            foreach (var run in page.Runs ?? [])
            {
                yield return run;
            }

            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);
    }

    private static void Append(JsonArray into, JsonArray? page)
    {
        foreach (var item in page ?? [])
        {
            into.Add(item?.DeepClone());
        }
    }

    private sealed record RunListPage(IReadOnlyList<Run>? Runs, bool? HasMore, string? NextPageToken);
}
