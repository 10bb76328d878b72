using System.Text.Json.Nodes;
using Handoff.Exporter.Cli;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Databricks;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// 2.2 paging of every array jobs/get and runs/get page (as the SDK's service/jobs/ext_api.go merges
/// them), and runs described only by the 2.2 <c>status</c>.
/// </summary>
public sealed class PagingAndStatusTests : IAsyncLifetime
{
    private FakeWorkspace _fake = null!;
    private DatabricksClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWorkspace.StartAsync();
        _client = ClientFactory.For(_fake, new FakeClock());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Jobs_get_merges_tasks_job_clusters_parameters_and_environments_from_every_page()
    {
        var job = _fake.Jobs.Add(new JsonObject
        {
            ["name"] = "wide",
            ["tasks"] = Many(130, i => new JsonObject { ["task_key"] = $"t{i}", ["environment_key"] = $"e{i % 105}" }),
            ["job_clusters"] = Many(120, i => new JsonObject { ["job_cluster_key"] = $"c{i}", ["new_cluster"] = new JsonObject { ["spark_version"] = "15.4.x-scala2.12" } }),
            ["parameters"] = Many(110, i => new JsonObject { ["name"] = $"p{i}", ["default"] = $"{i}" }),
            ["environments"] = Many(105, i => new JsonObject { ["environment_key"] = $"e{i}", ["spec"] = new JsonObject { ["environment_version"] = "4" } }),
        });

        var got = await _client.Jobs.GetAsync(job.JobId, CancellationToken.None);

        Assert.Equal(2, _fake.RequestsTo("GET /api/2.2/jobs/get").Count);
        Assert.Equal(130, got.Settings!.Tasks!.Count);
        Assert.Equal(120, got.Settings.JobClusters!.Count);
        Assert.Equal(Enumerable.Range(0, 110).Select(i => $"p{i}"), got.Settings.Parameters!.Select(p => p.Name));
        Assert.Equal(105, got.Settings.Environments!.Count);
    }

    [Fact]
    public async Task Runs_get_merges_tasks_job_clusters_job_parameters_and_repair_history_from_every_page()
    {
        Page("""{"run_id": 1, "tasks": [{"run_id": 11, "task_key": "a"}], "job_clusters": [{"job_cluster_key": "c1"}], "job_parameters": [{"name": "p1", "value": "1"}], "repair_history": [{"id": 1}], "next_page_token": "2"}""");
        Page("""{"run_id": 1, "tasks": [{"run_id": 12, "task_key": "b"}], "job_clusters": [{"job_cluster_key": "c2"}], "job_parameters": [{"name": "p2", "value": "2"}], "repair_history": [{"id": 2}]}""");

        var run = await _client.Runs.GetAsync(1, CancellationToken.None);

        Assert.Equal(["a", "b"], run.Tasks!.Select(t => t.TaskKey));
        Assert.Equal(2, run.JobClusters!.Count);
        Assert.Equal(2, run.JobParameters!.Count);
        Assert.Equal(2, run.RepairHistory!.Count);
        Assert.Null(run.NextPageToken);
    }

    [Fact]
    public async Task A_for_each_tasks_run_pages_its_iterations_not_its_one_task()
    {
        Page("""{"run_id": 2, "tasks": [{"run_id": 21, "task_key": "each"}], "iterations": [{"run_id": 100, "task_key": "each"}], "next_page_token": "2"}""");
        Page("""{"run_id": 2, "tasks": [{"run_id": 21, "task_key": "each"}], "iterations": [{"run_id": 101, "task_key": "each"}]}""");

        var run = await _client.Runs.GetAsync(2, CancellationToken.None);

        Assert.Equal([21L], run.Tasks!.Select(t => t.RunId));
        Assert.Equal([100L, 101L], run.Iterations!.Select(t => t.RunId));
    }

    [Theory]
    [InlineData("SUCCESS", 0, "run succeeded")]
    [InlineData("USER_CANCELED", 5, "run was cancelled: stopped by alice")]
    [InlineData("SKIPPED", 5, "run was skipped: stopped by alice")]
    [InlineData("INTERNAL_ERROR", 5, "run hit a Databricks internal error")]
    [InlineData("RUN_EXECUTION_ERROR", 5, "run ended TERMINATED/RUN_EXECUTION_ERROR")]
    public async Task A_run_described_only_by_the_2_2_status_gets_its_verdict(string code, int exitCode, string summary)
    {
        Page("""{"run_id": 3, "status": {"state": "TERMINATED", "termination_details": {"code": "CODE", "type": "SUCCESS", "message": "stopped by alice"}}}""".Replace("CODE", code, StringComparison.Ordinal));

        var run = await _client.Runs.GetAsync(3, CancellationToken.None);
        var verdict = RunVerdict.Of(run, null);

        Assert.True(run.IsFinal);
        Assert.Equal(exitCode, verdict.ExitCode);
        Assert.StartsWith(summary, verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fake_reports_only_2_2_status_states()
    {
        string[] allowed = ["BLOCKED", "PENDING", "QUEUED", "RUNNING", "TERMINATING", "TERMINATED", "WAITING"];
        string[] states = ["QUEUED", "PENDING", "WAITING_FOR_RETRY", "WAITING_FOR_CAPACITY", "RUNNING", "SKIPPED"];
        var steps = states.Select(s => new RunStep(s)).ToList();
        var run = _fake.Runs.Create(new JsonObject(), null, ["t"], new RunScript(steps));

        var seen = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            seen.Add((await _client.Runs.GetAsync(run.RunId, CancellationToken.None)).Status!.State!);
        }

        Assert.All(seen, state => Assert.Contains(state, allowed));
        Assert.Equal("TERMINATED", seen[^1]);
    }

    private void Page(string json) => _fake.Faults.Add("GET", "/api/2.2/jobs/runs/get", new FakeFault.Raw(200, "application/json", json));

    private static JsonArray Many(int count, Func<int, JsonObject> item) => new(Enumerable.Range(0, count).Select(i => (JsonNode)item(i)).ToArray());
}
