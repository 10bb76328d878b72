using System.Text.Json;
using Handoff.Shared.Cli;
using Handoff.SparkJob.Cli;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Operator;

/// <summary>The validation report as a person reads it: summary first, only what did not pass, every check with --verbose.</summary>
public sealed class ReportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Exports => _temp.Combine("exports");

    private string Table => _temp.Combine("tables", "customer_360");

    [Fact]
    public async Task A_passing_run_on_the_sample_prints_a_report_that_fits_in_15_lines()
    {
        var run = await Cli.ExporterAsync("run", "--sample-rows", "20000", "--to", Exports, "--table", Table);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.TrimEnd().Split('\n');
        Assert.True(lines.Length <= 15, run.Out);
        Assert.Contains("files    1/1 verified", run.Out, StringComparison.Ordinal);
        Assert.Contains("rows     20,000 expected = 20,000 in the table", run.Out, StringComparison.Ordinal);
        Assert.Contains("schema   23 columns: names, types and nullability match", run.Out, StringComparison.Ordinal);
        Assert.Contains("table    version 0, 20,000 rows in total", run.Out, StringComparison.Ordinal);
        Assert.Contains("elapsed  ", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("| PASSED", run.Out, StringComparison.Ordinal);
        Assert.Contains("PASSED: 54 checks", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_validation_lists_exactly_the_checks_that_did_not_pass()
    {
        await Cli.ExporterAsync("run", "--sample-rows", "500", "--to", Exports, "--table", Table, "--export-id", "loaded");
        await Cli.ExporterAsync("export", "--sample-rows", "300", "--to", Exports, "--export-id", "other");
        var reportPath = _temp.Combine("report.json");

        var validate = await Cli.SparkJobAsync("validate", "--manifest", Path.Combine(Exports, "other"), "--table", Table, "--report-json", reportPath);

        Assert.True(validate.ExitCode == 1, validate.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        var notPassed = report.RootElement.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() != "passed")
            .Select(c => c.GetProperty("name").GetString()!)
            .ToList();
        var listed = validate.Out.Split('\n')
            .Where(l => l.Contains(" | FAILED", StringComparison.Ordinal) || l.Contains(" | UNVERIFIED", StringComparison.Ordinal))
            .Select(l => l.Split(" | ")[0].Trim())
            .ToList();
        Assert.Equal(notPassed, listed);
        Assert.Contains("row count", listed);
        Assert.Contains($"FAILED: {report.RootElement.GetProperty("checks").EnumerateArray().Count(c => c.GetProperty("status").GetString() == "failed")} of", validate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_that_is_not_in_the_table_is_said_in_one_line_with_the_export_that_is()
    {
        await Cli.ExporterAsync("run", "--sample-rows", "500", "--to", Exports, "--table", Table, "--export-id", "loaded");
        await Cli.ExporterAsync("export", "--sample-rows", "300", "--to", Exports, "--export-id", "never-loaded");

        var validate = await Cli.SparkJobAsync("validate", "--manifest", Path.Combine(Exports, "never-loaded"), "--table", Table);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains($"export never-loaded is not in {Table}: version 0 holds export loaded", validate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_lists_every_check()
    {
        await Cli.ExporterAsync("export", "--sample-rows", "100", "--to", Exports, "--export-id", "e1");

        var load = await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", Table, "--verbose");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(54, load.Out.Split('\n').Count(l => l.EndsWith("| PASSED", StringComparison.Ordinal)));
        Assert.Contains("column churn_score nullability", load.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Numbers_have_thousands_separators_and_a_long_location_is_shown_whole()
    {
        var table = _temp.Combine("a-rather-long-folder-name-for-the-tables-of-the-customer-360-project", "customer_360_with_a_long_name");
        await Cli.ExporterAsync("export", "--sample-rows", "12345", "--to", Exports, "--export-id", "e1");

        var load = await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", table, "--verbose");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("12,345 expected = 12,345 in the table", load.Out, StringComparison.Ordinal);
        Assert.Contains("12,345 rows", load.Out, StringComparison.Ordinal);
        Assert.Contains(table, load.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("...", load.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("1", false)]
    public async Task Colour_only_on_a_terminal_and_never_with_NO_COLOR(string? noColor, bool coloured)
    {
        await Cli.ExporterAsync("export", "--sample-rows", "100", "--to", Exports, "--export-id", "e1");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, ErrorIsTerminal: false)
        {
            OutIsTerminal = true,
            Width = 100,
            Environment = name => name == "NO_COLOR" ? noColor : Environment.GetEnvironmentVariable(name),
        };

        var code = await SparkJobCli.RunAsync(["load", "--manifest", Path.Combine(Exports, "e1"), "--table", Table], console, CancellationToken.None);
        var plain = await Cli.SparkJobAsync("validate", "--manifest", Path.Combine(Exports, "e1"), "--table", Table);

        Assert.Equal(0, code);
        Assert.Equal(coloured, stdout.ToString().Contains('\u001b', StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b", plain.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_report_carries_the_same_summary()
    {
        await Cli.ExporterAsync("export", "--sample-rows", "1000", "--to", Exports, "--export-id", "e1");
        var reportPath = _temp.Combine("report.json");

        var load = await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", Table, "--report-json", reportPath);

        Assert.True(load.ExitCode == 0, load.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        var summary = report.RootElement.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("files").GetInt32());
        Assert.Equal(1, summary.GetProperty("filesVerified").GetInt32());
        Assert.Equal(1000, summary.GetProperty("rowsExpected").GetInt64());
        Assert.Equal(1000, summary.GetProperty("rowsActual").GetInt64());
        Assert.Equal(23, summary.GetProperty("columns").GetInt32());
        Assert.True(summary.GetProperty("typesMatch").GetBoolean());
        Assert.Equal(0, summary.GetProperty("tableVersion").GetInt64());
        Assert.Equal(1000, summary.GetProperty("tableRows").GetInt64());
        Assert.True(summary.GetProperty("elapsedMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task The_validation_history_table_stores_the_same_summary()
    {
        await Cli.ExporterAsync("export", "--sample-rows", "1000", "--to", Exports, "--export-id", "e1");
        var history = _temp.Combine("history");

        var load = await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", Table, "--history", history);

        Assert.True(load.ExitCode == 0, load.ToString());
        using var duckDb = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        duckDb.Open();
        using var command = duckDb.CreateCommand();
        command.CommandText = $"SELECT report FROM read_parquet('{history}/runs/*/*.parquet')";
        var stored = (string)command.ExecuteScalar()!;
        using var report = JsonDocument.Parse(stored);
        var summary = report.RootElement.GetProperty("summary");
        Assert.Equal(1000, summary.GetProperty("rowsExpected").GetInt64());
        Assert.Equal(1000, summary.GetProperty("tableRows").GetInt64());
        Assert.Equal(23, summary.GetProperty("columns").GetInt32());
    }

    [Fact]
    public async Task The_history_command_shows_the_same_summary()
    {
        await Cli.ExporterAsync("export", "--sample-rows", "1000", "--to", Exports, "--export-id", "e1");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", Table)).ExitCode);

        var human = await Cli.SparkJobAsync("history", "--table", Table);
        var json = await Cli.SparkJobAsync("history", "--table", Table, "--json");

        Assert.Contains("passed: 1,000 of 1,000 rows, 1/1 files", human.Out, StringComparison.Ordinal);
        var summary = json.Json().GetProperty("versions")[0].GetProperty("validation").GetProperty("summary");
        Assert.Equal(1000, summary.GetProperty("rowsActual").GetInt64());
        Assert.Equal(23, summary.GetProperty("columns").GetInt32());
    }
}
