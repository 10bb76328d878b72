using System.Text.Json.Nodes;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary><c>exporter runs list|get|cancel</c>.</summary>
public sealed class RunsCommandTests : FakeWorkspaceTest
{
    [Fact]
    public async Task List_shows_the_newest_runs_across_pages()
    {
        for (var i = 0; i < 40; i++)
        {
            _fake.Runs.Create(new JsonObject { ["run_name"] = $"load {i}" }, 9, ["t"]);
        }

        var result = await _cli.RunAsync(["runs", "list", "--limit", "30", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var runs = result.Json().GetProperty("runs");
        Assert.Equal(30, runs.GetArrayLength());
        Assert.Equal("load 39", runs[0].GetProperty("run_name").GetString());
        Assert.Equal(2, _fake.RequestsTo("GET /api/2.2/jobs/runs/list").Count);
    }

    [Fact]
    public async Task List_as_a_table()
    {
        _fake.Runs.Create(new JsonObject { ["run_name"] = "handoff load e1 into t" }, null, ["t"]);

        var result = await _cli.RunAsync(["runs", "list"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("run id", result.Out, StringComparison.Ordinal);
        Assert.Contains("PENDING", result.Out, StringComparison.Ordinal);
        Assert.Contains("handoff load e1 into t", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_shows_state_tasks_and_page()
    {
        var run = _fake.Runs.Create(new JsonObject { ["run_name"] = "r" }, null, ["handoff_load"], RunScript.Succeeds() with { Steps = [new RunStep("TERMINATED", "SUCCESS")] });

        var result = await _cli.RunAsync(["runs", "get", run.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("state:   TERMINATED SUCCESS", result.Out, StringComparison.Ordinal);
        Assert.Contains($"task handoff_load (run {run.Tasks[0].RunId})", result.Out, StringComparison.Ordinal);
        Assert.Contains($"#job/runs/{run.RunId}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_an_unknown_run_exits_2_with_the_api_message()
    {
        var result = await _cli.RunAsync(["runs", "get", "424242"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Run 424242 does not exist.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_with_wait_reports_the_final_state()
    {
        var run = _fake.Runs.Create(new JsonObject(), null, ["t"], RunScript.Endless());

        var result = await _cli.RunAsync(["runs", "cancel", run.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--wait"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("TERMINATED CANCELED", result.Out, StringComparison.Ordinal);
        Assert.True(run.Cancelled);
    }

    [Fact]
    public async Task A_workspace_that_keeps_failing_exits_5()
    {
        _fake.Faults.Add("GET", "/api/2.2/jobs/runs/list", new FakeFault.Unavailable(), times: 10);

        var result = await _cli.RunAsync(["runs", "list"]);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("jobs/runs/list failed (503 TEMPORARILY_UNAVAILABLE)", result.Error, StringComparison.Ordinal);
        Assert.Equal(7, _fake.RequestsTo("GET /api/2.2/jobs/runs/list").Count);
    }
}
