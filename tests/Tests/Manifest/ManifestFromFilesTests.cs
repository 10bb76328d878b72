using Handoff.Shared.Formats;
using Handoff.Shared.Exports.FromFiles;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema.Mappings;
using Handoff.Shared.Storage;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Manifest;

/// <summary>The manifest of files sent without one, on a bad day: files still being written, storage going away, two runs at once.</summary>
public sealed class ManifestFromFilesTests : IDisposable
{
    private static readonly FilesExportSpec Csv = new() { Format = FileFormat.Csv, Schema = SparkDdlSchema.Parse("id BIGINT, name STRING") };

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_file_that_changes_while_it_is_read_is_refused()
    {
        WriteCsv("a.csv", 100);
        var store = new RecordingStore(new LocalObjectStore(_temp.Path)) { Listed = o => o with { Size = o.Size - 10 } };

        var error = await Assert.ThrowsAsync<InputDataException>(() => ManifestFromFiles.BuildAsync(store, new FileSelection(store.Root, null), Csv, null, CancellationToken.None));

        Assert.Contains("a.csv changed while it was read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_that_goes_away_mid_read_fails_the_build_with_a_storage_error()
    {
        WriteCsv("a.csv", 10);
        WriteCsv("b.csv", 10);
        var store = new RecordingStore(new LocalObjectStore(_temp.Path))
        {
            BeforeRead = path => { if (path == "b.csv") { throw new StorageException(StorageErrorKind.Unreachable, "the account is unreachable"); } },
        };

        await Assert.ThrowsAsync<StorageException>(() => ManifestFromFiles.BuildAsync(store, new FileSelection(store.Root, null), Csv, null, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_files_give_the_same_manifest_and_a_touched_file_a_newer_one()
    {
        WriteCsv("a.csv", 10);
        WriteCsv("b.csv", 20);
        var store = new LocalObjectStore(_temp.Path);
        var selection = new FileSelection(store.Root, null);

        var first = await ManifestFromFiles.BuildAsync(store, selection, Csv, null, CancellationToken.None);
        var again = await ManifestFromFiles.BuildAsync(store, selection, Csv, null, CancellationToken.None);
        File.SetLastWriteTimeUtc(_temp.Combine("b.csv"), DateTime.UtcNow.AddMinutes(3));
        var touched = await ManifestFromFiles.BuildAsync(store, selection, Csv, null, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(30, first.RowCount);
        Assert.NotEqual(first.ExportId, touched.ExportId);
        Assert.True(touched.CreatedAt > first.CreatedAt);
        Assert.Equal(File.GetLastWriteTimeUtc(_temp.Combine("b.csv")), touched.CreatedAt.UtcDateTime, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Two_runs_writing_the_same_manifest_at_once_both_succeed_and_one_file_results()
    {
        WriteCsv("a.csv", 500);
        var folder = _temp.Path;

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Cli.ExporterAsync("manifest", "--files", folder, "--format", "csv", "--schema", "id BIGINT, name STRING", "--write", "--json")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(1, runs.Count(r => r.Json().GetProperty("written").GetBoolean()));
        Assert.Single(Directory.GetFiles(folder, "manifest.json"));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    private void WriteCsv(string name, int rows) =>
        File.WriteAllText(_temp.Combine(name), "id,name\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},n{i}\n")));
}
