using Handoff.Shared.Cli;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// <c>exporter submit</c> and <c>exporter schedule</c> with <c>--exports PREFIX</c> in place of
/// <c>--manifest</c>, against the strict fake workspace: the launcher runs
/// <c>load --exports</c>, and a schedule keeps the prefix as the job parameter <c>exports</c>.
/// </summary>
public sealed class ExportsPrefixJobTests : FakeWorkspaceTest
{
    private const string Prefix = "/Volumes/main/default/exports";

    [Fact]
    public async Task A_schedule_of_a_prefix_runs_load_exports_with_the_prefix_as_a_job_parameter()
    {
        var created = await Schedule("--exports", Prefix, "--mode", "append", "--cluster-id", "0101-abc", "--json");
        var again = await Schedule("--exports", Prefix, "--mode", "append", "--cluster-id", "0101-abc", "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("unchanged", again.Json().GetProperty("action").GetString());
        var settings = _fake.RequestsTo("POST /api/2.2/jobs/create").Single().Json;
        Assert.Equal(
            $$$"""[{"name":"exports","default":"{{{Prefix}}}"},{"name":"table","default":"main.sales.orders"}]""",
            settings["parameters"]!.ToJsonString());
        var parameters = settings["tasks"]![0]!["spark_python_task"]!["parameters"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(
            ["--", "load", "--engine", "spark", "--exports", "{{job.parameters.exports}}", "--table", "{{job.parameters.table}}", "--mode", "append"],
            parameters.SkipWhile(p => p != "--"));
        Assert.DoesNotContain("--manifest", parameters);
    }

    [Fact]
    public async Task A_submit_of_a_prefix_runs_load_exports_and_each_submit_is_its_own_run()
    {
        var first = await Submit("--exports", Prefix, "--json");
        var second = await Submit("--exports", Prefix, "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var bodies = _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Select(r => r.Json).ToList();
        Assert.Equal(2, _fake.Runs.All.Count);
        Assert.NotEqual(bodies[0]["idempotency_token"]!.GetValue<string>(), bodies[1]["idempotency_token"]!.GetValue<string>());
        Assert.Equal($"handoff load new exports under {Prefix} into main.sales.orders", bodies[0]["run_name"]!.GetValue<string>());
        var parameters = bodies[0]["tasks"]![0]!["spark_python_task"]!["parameters"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(["--", "load", "--engine", "spark", "--exports", Prefix, "--table", "main.sales.orders", "--mode", "overwrite"], parameters.SkipWhile(p => p != "--"));
    }

    [Fact]
    public async Task The_export_is_named_exactly_once_and_never_with_a_sas()
    {
        var both = await Submit("--manifest", Prefix + "/e1", "--exports", Prefix);
        var neither = await Submit();
        var sas = await Schedule("--exports", "https://acct.blob.core.windows.net/c/exports?sv=2024&sig=abc", "--cluster-id", "c");
        var exportId = await Submit("--exports", Prefix, "--export-id", "e1");
        var attempt = await Submit("--exports", Prefix, "--attempt", "2");

        Assert.Equal(ExitCodes.BadInput, both.ExitCode);
        Assert.Contains("either --manifest LOCATION", both.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, neither.ExitCode);
        Assert.Equal(ExitCodes.BadInput, sas.ExitCode);
        Assert.Contains("--exports must not carry a SAS token", sas.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", sas.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, exportId.ExitCode);
        Assert.Equal(ExitCodes.BadInput, attempt.ExitCode);
        Assert.Empty(_fake.RequestsTo("POST /api/2.2/jobs/runs/submit"));
        Assert.Empty(_fake.RequestsTo("POST /api/2.2/jobs/create"));
    }

    private Task<CliResult> Submit(params string[] extra) =>
        _cli.RunAsync(["submit", "--table", "main.sales.orders", "--cluster-id", "0101-abc", "--bundle-path", _cli.BundlePath, .. extra]);

    private Task<CliResult> Schedule(params string[] extra) =>
        _cli.RunAsync(["schedule", "--name", "orders daily", "--table", "main.sales.orders", "--bundle-path", _cli.BundlePath, .. extra]);
}
