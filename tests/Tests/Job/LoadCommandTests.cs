using Xunit;
using System.Text.Json;
using Handoff.Tests.Support;

namespace Handoff.Tests.Job;

/// <summary>The job's load / validate / inspect commands on a local folder, as a user runs them.</summary>
public sealed class LoadCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Exports => _temp.Combine("exports");

    private string Table => _temp.Combine("table");

    [Theory]
    [InlineData("parquet")]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("avro")]
    public async Task Every_format_loads_into_a_delta_table_that_passes_validation(string format)
    {
        var manifest = await ExportAsync("e1", format, 3000);

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table, "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        var json = load.Json();
        Assert.True(json.GetProperty("passed").GetBoolean());
        Assert.Equal(0, json.GetProperty("version").GetInt64());
        Assert.All(json.GetProperty("report").GetProperty("checks").EnumerateArray(), c => Assert.NotEqual("failed", c.GetProperty("status").GetString()));

        var inspect = await Cli.SparkJobAsync("inspect", "--table", Table, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal(3000, inspect.Json().GetProperty("rowCount").GetInt64());
        Assert.Equal("customer_id", inspect.Json().GetProperty("columns")[0].GetProperty("name").GetString());
        Assert.Equal(1, inspect.Json().GetProperty("protocol").GetProperty("minReaderVersion").GetInt32());
        Assert.Equal(2, inspect.Json().GetProperty("protocol").GetProperty("minWriterVersion").GetInt32());
    }

    [Fact]
    public async Task Human_output_is_a_summary_with_a_verdict()
    {
        var manifest = await ExportAsync("e1", "parquet", 100);

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("rows     100 expected = 100 in the table", load.Out, StringComparison.Ordinal);
        Assert.Contains("PASSED", load.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerunning_the_same_manifest_commits_nothing()
    {
        var manifest = await ExportAsync("e1", "parquet", 100);
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table)).ExitCode);

        var again = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table, "--json");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Json().GetProperty("skipped").GetBoolean());
        Assert.Contains("already loaded", again.Json().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(Table, "_delta_log"), "*.json"));
    }

    [Fact]
    public async Task An_export_older_than_the_last_loaded_is_skipped()
    {
        var older = await ExportAsync("old", "parquet", 10);
        await Task.Delay(20);
        var newer = await ExportAsync("new", "parquet", 20);
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", newer, "--table", Table)).ExitCode);

        var stale = await Cli.SparkJobAsync("load", "--manifest", older, "--table", Table, "--json");

        Assert.True(stale.ExitCode == 0, stale.ToString());
        Assert.True(stale.Json().GetProperty("skipped").GetBoolean());
        Assert.Contains("older", stale.Json().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(20, (await Cli.SparkJobAsync("inspect", "--table", Table, "--json")).Json().GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task Overwrite_replaces_and_append_adds()
    {
        var first = await ExportAsync("a", "parquet", 100);
        var second = await ExportAsync("b", "csv", 50);
        var third = await ExportAsync("c", "json", 70);

        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", first, "--table", Table)).ExitCode);
        var append = await Cli.SparkJobAsync("load", "--manifest", second, "--table", Table, "--mode", "append", "--json");
        Assert.True(append.ExitCode == 0, append.ToString());
        Assert.Equal(150, await RowCountAsync());

        var overwrite = await Cli.SparkJobAsync("load", "--manifest", third, "--table", Table, "--mode", "overwrite");
        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
        Assert.Equal(70, await RowCountAsync());
    }

    [Fact]
    public async Task Validate_alone_checks_the_table_and_writes_a_report_file()
    {
        var manifest = await ExportAsync("e1", "csv", 500);
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table)).ExitCode);
        var reportPath = _temp.Combine("report.json");

        var validate = await Cli.SparkJobAsync("validate", "--manifest", manifest, "--table", Table, "--report-json", reportPath);

        Assert.True(validate.ExitCode == 0, validate.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal("e1", report.RootElement.GetProperty("exportId").GetString());
    }

    [Fact]
    public async Task Every_run_is_recorded_in_the_validation_history_table()
    {
        var manifest = await ExportAsync("e1", "parquet", 100);
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table)).ExitCode);
        Assert.Equal(0, (await Cli.SparkJobAsync("validate", "--manifest", manifest, "--table", Table)).ExitCode);

        var history = await Cli.SparkJobAsync("inspect", "--table", Table + "_validation", "--json");

        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Equal(2, history.Json().GetProperty("rowCount").GetInt64());
        Assert.Contains(history.Json().GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "passed");
    }

    [Fact]
    public async Task A_failed_validation_exits_1_and_rollback_restores_the_previous_version()
    {
        var good = await ExportAsync("good", "parquet", 100);
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", good, "--table", Table)).ExitCode);
        var lying = await ExportAsync("lying", "parquet", 300);
        await ManifestEdits.RewriteAsync(lying, m => m.MarkAllColumnsNotNullable());

        var failed = await Cli.SparkJobAsync("load", "--manifest", lying, "--table", Table, "--rollback-on-failure", "--json");

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.False(failed.Json().GetProperty("passed").GetBoolean());
        Assert.Contains(failed.Json().GetProperty("report").GetProperty("checks").EnumerateArray(), c => c.GetProperty("status").GetString() == "failed" && c.GetProperty("name").GetString()!.Contains("nulls", StringComparison.Ordinal));
        Assert.Equal(0, failed.Json().GetProperty("rolledBackToVersion").GetInt64());
        var inspect = (await Cli.SparkJobAsync("inspect", "--table", Table, "--json")).Json();
        Assert.Equal(2, inspect.GetProperty("version").GetInt64());
        Assert.Equal(100, inspect.GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task Rolling_back_a_load_that_created_the_table_empties_it_and_forgets_the_export()
    {
        var lying = await ExportAsync("lying", "parquet", 300);
        await ManifestEdits.RewriteAsync(lying, m => m.MarkAllColumnsNotNullable());

        var failed = await Cli.SparkJobAsync("load", "--manifest", lying, "--table", Table, "--rollback-on-failure");

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("empties the table", failed.Out, StringComparison.Ordinal);
        Assert.Equal(0, await RowCountAsync());

        var again = await Cli.SparkJobAsync("load", "--manifest", lying, "--table", Table, "--json");
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.False(again.Json().GetProperty("skipped").GetBoolean(), "after a rollback the export is not recorded as loaded");
    }

    [Fact]
    public async Task A_failed_validation_without_rollback_keeps_the_loaded_version()
    {
        var lying = await ExportAsync("lying", "parquet", 300);
        await ManifestEdits.RewriteAsync(lying, m => m.MarkAllColumnsNotNullable());

        var failed = await Cli.SparkJobAsync("load", "--manifest", lying, "--table", Table);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("FAILED", failed.Out, StringComparison.Ordinal);
        Assert.Equal(300, await RowCountAsync());
    }

    private async Task<long> RowCountAsync() => (await Cli.SparkJobAsync("inspect", "--table", Table, "--json")).Json().GetProperty("rowCount").GetInt64();

    private async Task<string> ExportAsync(string exportId, string format, int rows)
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", format, "--to", Exports, "--export-id", exportId, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }
}
