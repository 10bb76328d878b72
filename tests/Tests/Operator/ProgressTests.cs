using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Progress;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Operator;

/// <summary>Progress as a person sees it: live lines with a percentage on a terminal, a line every few seconds in a log, nothing on stdout.</summary>
public sealed class ProgressTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Exports => _temp.Combine("exports");

    [Fact]
    public async Task The_load_of_a_csv_export_shows_a_percentage_on_a_terminal()
    {
        Assert.Equal(0, (await Cli.ExporterAsync("export", "--sample-rows", "300000", "--format", "csv", "--to", Exports, "--export-id", "c1")).ExitCode);

        var load = await ChildProgram.RunAsync("spark-job", ["load", "--manifest", Path.Combine(Exports, "c1"), "--table", _temp.Combine("table")], terminal: true);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Matches(@"loading [0-9,]+/300,000 rows", load.Out);
        Assert.Matches(@"\b[1-9][0-9]?%", load.Out);
        Assert.Contains("validation PASSED", load.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_terminal_a_long_step_prints_a_line_every_few_seconds_and_json_keeps_stdout_to_its_object()
    {
        Assert.Equal(0, (await Cli.ExporterAsync("export", "--sample-rows", "300000", "--format", "csv", "--to", Exports, "--export-id", "c1")).ExitCode);

        var load = await ChildProgram.RunAsync(
            "spark-job",
            ["load", "--manifest", Path.Combine(Exports, "c1"), "--table", _temp.Combine("table"), "--json"],
            environment: new Dictionary<string, string> { [ConsoleProgress.IntervalVariable] = "0.1" });

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Matches(@"loading: [0-9]+% \([0-9,]+ of 300,000 rows\)", load.Error);
        Assert.DoesNotContain("\r", load.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", load.Error, StringComparison.Ordinal);
        Assert.StartsWith("{", load.Out, StringComparison.Ordinal);
        Assert.Single(load.Out.Trim().Split('\n'));
    }

    [Fact]
    public void A_step_that_ends_within_the_interval_prints_nothing_and_verbose_prints_its_time()
    {
        using var quiet = new StringWriter();
        using var verbose = new StringWriter();
        using (var progress = new LogProgress(quiet, verbose: false))
        using (progress.Start("exporting", 10, ProgressUnit.Rows))
        {
        }

        using (var progress = new LogProgress(verbose, verbose: true))
        using (var step = progress.Start("exporting", 10, ProgressUnit.Rows))
        {
            step.Advance(10);
        }

        Assert.Equal(string.Empty, quiet.ToString());
        Assert.Matches(@"^exporting: done in [0-9.]+ s \(10 of 10 rows\)", verbose.ToString());
    }

    [Fact]
    public async Task A_log_line_has_the_percentage_the_counts_and_the_time_left()
    {
        using var log = new StringWriter();
        using var progress = new LogProgress(log, verbose: false, TimeSpan.FromMilliseconds(100));
        using var step = progress.Start("loading", 1_000_000, ProgressUnit.Rows);
        step.Advance(250_000);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Snapshot(log).Contains("about", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Matches(@"loading: 25% \(250,000 of 1,000,000 rows\), [0-9.]+ s, about [0-9.]+ (s|min) left", Snapshot(log));
    }

    private static string Snapshot(StringWriter writer)
    {
        lock (writer)
        {
            return writer.ToString();
        }
    }
}
