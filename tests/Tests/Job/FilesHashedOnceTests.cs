using Handoff.Shared.Formats;
using Handoff.Shared.Exports.FromFiles;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Engines.Embedded;
using Handoff.SparkJob.History;
using Handoff.SparkJob.Job;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// <c>load --files</c> reads each local file once before the load: the checksum its manifest
/// was just built with is trusted while the file keeps the size and time it had then; the load
/// itself still hashes every byte it reads, so a file changed behind that check is refused.
/// </summary>
public sealed class FilesHashedOnceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => _temp.Combine("files");

    [Fact]
    public async Task The_pre_load_check_does_not_read_files_whose_manifest_this_run_just_hashed()
    {
        WriteCsv(3);
        var store = new RecordingStore(new LocalObjectStore(Folder));

        var export = await FilesExport.OpenAsync(store, FileSelection.Parse(Folder), Spec, null, CancellationToken.None);
        var readsToDescribe = store.Reads;
        var facts = await ExportFileVerifier.VerifyAsync(export, CancellationToken.None);

        Assert.Equal(3, readsToDescribe);
        Assert.Equal(readsToDescribe, store.Reads);
        Assert.Null(ExportFileVerifier.FirstProblem(export.Manifest.Files, facts));
        Assert.All(facts, f => Assert.True(f.ChecksumRecomputed));
    }

    [Fact]
    public async Task A_file_changed_after_its_manifest_was_built_is_read_again_and_refused()
    {
        WriteCsv(2);
        var store = new RecordingStore(new LocalObjectStore(Folder));
        var export = await FilesExport.OpenAsync(store, FileSelection.Parse(Folder), Spec, null, CancellationToken.None);
        var file = Path.Combine(Folder, "part-1.csv");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace('1', '2'));

        var facts = await ExportFileVerifier.VerifyAsync(export, CancellationToken.None);

        Assert.Equal(3, store.Reads);
        Assert.Contains("part-1.csv checksum", ExportFileVerifier.FirstProblem(export.Manifest.Files, facts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_changed_with_its_size_and_time_restored_passes_the_check_but_the_load_refuses_it()
    {
        WriteCsv(2);
        var export = await FilesExport.OpenAsync(new LocalObjectStore(Folder), FileSelection.Parse(Folder), Spec, null, CancellationToken.None);
        var file = Path.Combine(Folder, "part-1.csv");
        var written = File.GetLastWriteTimeUtc(file);
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace('1', '2'));
        File.SetLastWriteTimeUtc(file, written);
        var table = new LocalObjectStore(_temp.Combine("table"));
        var job = new TableJob(new EmbeddedEngine(table), new ValidationHistory(new LocalObjectStore(_temp.Combine("history"))), TimeProvider.System);

        var refused = await Assert.ThrowsAsync<InputDataException>(() => job.LoadAsync(export, new JobOptions(), CancellationToken.None));

        Assert.Contains("part-1.csv: checksum mismatch", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_temp.Combine("table"), "_delta_log")));
    }

    [Fact]
    public async Task The_load_converts_without_hashing_the_data_files_it_writes()
    {
        WriteCsv(2);
        var export = await FilesExport.OpenAsync(new LocalObjectStore(Folder), FileSelection.Parse(Folder), Spec, null, CancellationToken.None);
        var table = new LocalObjectStore(_temp.Combine("table"));
        var job = new TableJob(new EmbeddedEngine(table), new ValidationHistory(new LocalObjectStore(_temp.Combine("history"))), TimeProvider.System);

        await job.LoadAsync(export, new JobOptions(), CancellationToken.None);

        // The export's files were hashed as they were read (the load compares them with the
        // manifest); the Parquet files the load wrote have no MD5 that anything compares with.
        var written = new List<StoredObject>();
        await foreach (var listed in table.ListAsync(string.Empty, CancellationToken.None))
        {
            if (listed.Path.EndsWith(".parquet", StringComparison.Ordinal) && !listed.Path.StartsWith("_delta_log/", StringComparison.Ordinal))
            {
                written.Add((await table.GetAsync(listed.Path, CancellationToken.None))!);
            }
        }

        Assert.Equal(2, written.Count);
        Assert.All(written, f => Assert.Null(f.ContentMd5));
    }

    private static FilesExportSpec Spec => new() { Format = FileFormat.Csv, Schema = Handoff.Shared.Schema.Mappings.SparkDdlSchema.Parse("id BIGINT, name STRING") };

    /// <summary>CSV files with a header, written by DuckDB.</summary>
    private void WriteCsv(int files)
    {
        Directory.CreateDirectory(Folder);
        using var duck = new DuckDb();
        for (var i = 0; i < files; i++)
        {
            duck.Execute($"COPY (SELECT CAST(r AS BIGINT) AS id, 'name ' || r AS name FROM range({i * 100}, {(i + 1) * 100}) t(r)) TO {DuckDb.Quote(Path.Combine(Folder, $"part-{i}.csv"))} (FORMAT CSV, HEADER)");
        }
    }
}
