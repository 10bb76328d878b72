using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Engines.Embedded;
using Handoff.SparkJob.Job;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>Concurrent writers and a writer stopped midway, on a local folder.</summary>
public sealed class ConcurrencyAndFaultTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public Task Four_writers_appending_ten_times_each_lose_nothing() =>
        ConcurrentAppends.RunAsync(_temp.Combine("exports"), _temp.Combine("table"), []);

    [Fact]
    public async Task A_writer_stopped_between_its_data_files_and_its_commit_leaves_the_table_unchanged()
    {
        var first = await ExportAsync("first");
        var stopped = await ExportAsync("stopped");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", first, "--table", _temp.Combine("table"))).ExitCode);
        var tableStore = new LocalObjectStore(_temp.Combine("table"));
        var before = await DeltaLog.LoadSnapshotAsync(tableStore, null, CancellationToken.None);

        // The stopped writer gets as far as writing its data files into the table folder.
        var export = await ExportReference.OpenAsync(stopped, StorageCredentials.None, CancellationToken.None);
        var importer = new DataFileImporter(export.Folder, tableStore, new DeltaTable(tableStore), export.Manifest);
        var orphan = await importer.ImportAsync(export.Manifest.Files[0], CancellationToken.None);
        Assert.True(File.Exists(_temp.Combine("table", orphan.DataFile.Path)));

        var after = await DeltaLog.LoadSnapshotAsync(tableStore, null, CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(await before.CountRowsAsync(CancellationToken.None), await after.CountRowsAsync(CancellationToken.None));
        Assert.DoesNotContain(after.Files, f => f.Path.Contains("stopped", StringComparison.Ordinal));

        // A later load by another export never references the orphan.
        var third = await ExportAsync("third");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", third, "--table", _temp.Combine("table"), "--mode", "append")).ExitCode);
        var latest = await DeltaLog.LoadSnapshotAsync(tableStore, null, CancellationToken.None);
        Assert.DoesNotContain(latest.Files, f => f.Path.Contains("stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Appending_an_export_that_is_already_in_the_table_is_refused()
    {
        var manifest = await ExportAsync("once");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", _temp.Combine("table"), "--mode", "append")).ExitCode);

        var twice = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", _temp.Combine("table"), "--mode", "append", "--stream", "another-stream");

        Assert.True(twice.ExitCode == 2, twice.ToString());
        Assert.Contains("would duplicate its rows", twice.Error, StringComparison.Ordinal);
    }

    private async Task<string> ExportAsync(string exportId)
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "50", "--to", _temp.Combine("exports"), "--export-id", exportId, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }
}
