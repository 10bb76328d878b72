using System.Text.Json;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Engines.Embedded;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>Concurrent writers and a writer stopped midway, on a local folder.</summary>
public sealed class ConcurrencyAndFaultTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public Task Four_concurrent_appends_of_four_exports_on_the_default_stream_commit_each_once() =>
        ConcurrentAppends.RunAsync(_temp.Combine("exports"), _temp.Combine("table"), StorageCredentials.None, []);

    [Fact]
    public Task A_writer_stopped_between_its_data_files_and_its_commit_leaves_the_table_unchanged() =>
        StoppedWriter.RunAsync(_temp.Combine("exports"), _temp.Combine("table"), StorageCredentials.None, []);

    [Fact]
    public async Task Appending_an_export_that_is_already_in_the_table_is_refused()
    {
        var manifest = await ExportAsync("once");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", _temp.Combine("table"), "--mode", "append")).ExitCode);

        var twice = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", _temp.Combine("table"), "--mode", "append", "--stream", "another-stream");

        Assert.True(twice.ExitCode == 2, twice.ToString());
        Assert.Contains("would duplicate its rows", twice.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appending_an_older_export_after_a_newer_one_loads_both()
    {
        var older = await ExportAsync("c2");
        var newer = await ExportAsync("c4");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", newer, "--table", Table, "--mode", "append")).ExitCode);

        var load = await Cli.SparkJobAsync("load", "--manifest", older, "--table", Table, "--mode", "append", "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.False(load.Json().GetProperty("skipped").GetBoolean(), load.ToString());
        var snapshot = await DeltaLog.LoadSnapshotAsync(new LocalObjectStore(Table), null, CancellationToken.None);
        Assert.Equal(100, await snapshot.CountRowsAsync(CancellationToken.None));
        Assert.Equal(["c2", "c4"], StreamLoads.Appended(snapshot, Table).Select(e => e.ExportId));
    }

    [Fact]
    public async Task Appending_the_same_export_again_on_its_stream_is_skipped_and_copies_nothing()
    {
        var manifest = await ExportAsync("once");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table, "--mode", "append")).ExitCode);
        var files = Directory.GetFiles(Table, "*.parquet", SearchOption.AllDirectories).Length;

        var again = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table, "--mode", "append", "--json");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Json().GetProperty("skipped").GetBoolean(), again.ToString());
        Assert.Contains("already appended by stream", again.Json().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(files, Directory.GetFiles(Table, "*.parquet", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task An_overwrite_with_an_older_export_is_skipped_naming_the_export_that_won()
    {
        var older = await ExportAsync("monday");
        var newer = await ExportAsync("tuesday");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", newer, "--table", Table)).ExitCode);

        var load = await Cli.SparkJobAsync("load", "--manifest", older, "--table", Table, "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.True(load.Json().GetProperty("skipped").GetBoolean(), load.ToString());
        Assert.Contains("is older than export tuesday", load.Json().GetProperty("message").GetString(), StringComparison.Ordinal);
        var snapshot = await DeltaLog.LoadSnapshotAsync(new LocalObjectStore(Table), null, CancellationToken.None);
        Assert.Equal("tuesday", (await StreamLoads.LastLoadedAsync(new DeltaTable(new LocalObjectStore(Table)), snapshot, Table, CancellationToken.None))?.ExportId);
        Assert.All(snapshot.Files, f => Assert.StartsWith("tuesday/", f.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_overwrite_of_an_export_live_under_another_stream_writes_new_paths_and_kernel_replay_sees_every_row()
    {
        var manifest = await ExportAsync("live");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table, "--stream", "nightly")).ExitCode);
        var firstFiles = Directory.GetFiles(Table, "*.parquet", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table, "--stream", "backfill");

        Assert.True(load.ExitCode == 0, load.ToString());
        var commit = File.ReadAllLines(Path.Combine(Table, "_delta_log", "00000000000000000001.json"));
        var removed = Paths(commit, "remove");
        var added = Paths(commit, "add");
        Assert.NotEmpty(removed);
        Assert.NotEmpty(added);
        Assert.Empty(removed.Intersect(added));
        Assert.All(firstFiles, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key))); // the live file was never rewritten
        Assert.Equal(50, KernelOrderReplay.LiveFiles(Table).Sum(f => f.Records));
        var validate = await Cli.SparkJobAsync("validate", "--manifest", manifest, "--table", Table, "--json");
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }

    [Fact]
    public async Task A_table_loaded_with_the_old_layout_still_validates_rows_per_file()
    {
        // Before load ids, an export's files went to <export-id>/<file> in the table.
        var manifest = await ExportAsync("legacy");
        var store = new LocalObjectStore(Table);
        var table = new DeltaTable(store);
        await store.CopyFromAsync(new LocalObjectStore(Path.GetDirectoryName(manifest)!), "part-00000.parquet", "legacy/part-00000.parquet", CancellationToken.None);
        var export = await Handoff.SparkJob.Engines.ExportReference.OpenAsync(manifest, StorageCredentials.None, CancellationToken.None);
        var transaction = await table.StartTransactionAsync(CancellationToken.None);
        transaction.Mode = Handoff.SparkJob.Delta.Transactions.DeltaWriteMode.Overwrite;
        transaction.Schema = export.Manifest.Schema;
        transaction.UserMetadata = "legacy";
        transaction.SetAppTransaction(Table, export.Manifest.CreatedAt.ToUnixTimeMilliseconds());
        transaction.AddFile(await table.DescribeDataFileAsync("legacy/part-00000.parquet", export.Manifest.Schema, CancellationToken.None));
        await transaction.CommitAsync(CancellationToken.None);

        var validate = await Cli.SparkJobAsync("validate", "--manifest", manifest, "--table", Table, "--json");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        var rows = validate.Json().GetProperty("report").GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "file part-00000.parquet rows");
        Assert.Equal("50", rows.GetProperty("actual").GetString());
        var snapshot = await table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.True(StreamLoads.HasLoaded(snapshot, Table, "legacy", export.Manifest.CreatedAt));
    }

    private static List<string> Paths(IEnumerable<string> commitLines, string action) =>
        commitLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(a => a.TryGetProperty(action, out _))
            .Select(a => a.GetProperty(action).GetProperty("path").GetString()!)
            .ToList();

    private string Table => _temp.Combine("table");

    private async Task<string> ExportAsync(string exportId)
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "50", "--to", _temp.Combine("exports"), "--export-id", exportId, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }
}
