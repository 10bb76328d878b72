using Handoff.Exporter.Cli;
using Handoff.SparkJob.Cli;
using Handoff.Shared.Cli;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Operator;

/// <summary>A failed or cancelled export leaves nothing behind, and Ctrl-C says so and exits 130.</summary>
public sealed class LeftoversAndCancelTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Exports => _temp.Combine("exports");

    [Fact]
    public async Task A_sql_error_leaves_no_export_folder()
    {
        var result = await Cli.ExporterAsync("export", "--source", "duckdb::memory:", "--query", "SELECT * FROM no_such_table", "--to", Exports);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(Directory.Exists(Exports) ? Directory.GetFileSystemEntries(Exports) : []);
        Assert.Contains("was removed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_export_removes_its_folder_and_says_cancelled()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));

        var code = await ExporterCli.RunAsync(["export", "--sample-rows", "100000000", "--format", "csv", "--to", Exports, "--export-id", "big"], new CliConsole(stdout, stderr, false), cancellation.Token);

        Assert.Equal(130, code);
        Assert.StartsWith("cancelled: nothing was committed; the unfinished export ", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("error:", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Exports, "big")));
    }

    [Fact]
    public async Task A_committed_export_is_never_removed_by_a_run_that_is_refused()
    {
        Assert.Equal(0, (await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", Exports, "--export-id", "e1")).ExitCode);

        var again = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", Exports, "--export-id", "e1");

        Assert.Equal(2, again.ExitCode);
        Assert.True(File.Exists(Path.Combine(Exports, "e1", "manifest.json")));
        Assert.True(File.Exists(Path.Combine(Exports, "e1", "part-00000.parquet")));
    }

    [Fact]
    public async Task Ctrl_c_during_sample_generation_stops_promptly_exits_130_and_leaves_nothing()
    {
        // 200 million rows would take many minutes; the bound below is far from that, and generous for a busy machine.
        var result = await ChildProgram.RunAsync(
            "exporter",
            ["export", "--sample-rows", "200000000", "--format", "csv", "--to", Exports, "--export-id", "big"],
            environment: new Dictionary<string, string> { ["HANDOFF_PROGRESS_SECONDS"] = "0.2" },
            interruptWhen: stderr => stderr.Contains("exporting:", StringComparison.Ordinal));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("cancelled: nothing was committed; the unfinished export", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("A task was canceled", result.Error, StringComparison.Ordinal);
        Assert.True(result.SinceInterrupt < TimeSpan.FromSeconds(10), $"exited {result.SinceInterrupt} after Ctrl-C");
        Assert.False(Directory.Exists(Path.Combine(Exports, "big")));
    }

    [Fact]
    public async Task A_cancelled_load_says_nothing_was_committed_and_leaves_the_table_as_it_was()
    {
        Assert.Equal(0, (await Cli.ExporterAsync("export", "--sample-rows", "1000000", "--format", "csv", "--to", Exports, "--export-id", "c1")).ExitCode);
        var table = _temp.Combine("table");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var code = await SparkJobCli.RunAsync(["load", "--manifest", Path.Combine(Exports, "c1"), "--table", table], new CliConsole(stdout, stderr, false), cancellation.Token);

        Assert.True(code == 130, stderr.ToString());
        Assert.StartsWith($"cancelled: nothing was committed to {table}", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(table) ? Directory.GetFiles(table, "*.parquet", SearchOption.AllDirectories) : []);
        Assert.False(Directory.Exists(Path.Combine(table, "_delta_log")) && Directory.GetFiles(Path.Combine(table, "_delta_log"), "*.json").Length > 0);
    }
}
