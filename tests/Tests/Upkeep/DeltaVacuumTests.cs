using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Vacuum;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Upkeep;

/// <summary>
/// Vacuum's rules on its own: tables Spark wrote (deletion vectors, partitions, checkpoints),
/// a vacuum stopped half-way, Delta's interval syntax and deletion-vector paths.
/// </summary>
public sealed class DeltaVacuumTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task On_a_spark_table_with_deletion_vectors_the_live_files_and_their_vectors_survive_a_zero_hour_vacuum()
    {
        var table = CopyGolden("dv-partitioned-with-checkpoint");
        var store = new LocalObjectStore(table);
        var snapshot = await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None);
        var rowsBefore = await snapshot.CountRowsAsync(CancellationToken.None);
        var vectors = snapshot.Files.Where(f => f.DeletionVector is not null).Select(f => DeletionVectorFiles.RelativePath(f.DeletionVector!, table)!).ToList();
        Assert.NotEmpty(vectors);
        Assert.All(vectors, v => Assert.True(File.Exists(Path.Combine(table, v)), v));
        var vectorFilesBefore = Directory.GetFiles(table, "deletion_vector_*.bin").Length;

        var result = await DeltaVacuum.RunAsync(store, new VacuumOptions { RetainHours = 0, Force = true }, TimeProvider.System, CancellationToken.None);

        Assert.True(result.Files > 0);
        Assert.All(snapshot.Files, f => Assert.True(File.Exists(Path.Combine(table, FilePaths.ToObjectPath(f.Path))), f.Path));
        Assert.All(vectors, v => Assert.True(File.Exists(Path.Combine(table, v)), v));
        Assert.True(Directory.GetFiles(table, "deletion_vector_*.bin").Length < vectorFilesBefore, "unreferenced deletion vectors stay");
        var after = await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None);
        Assert.Equal(rowsBefore, await after.CountRowsAsync(CancellationToken.None));
        Assert.Equal(snapshot.Version, after.Version);

        // Spark's checksum side files are hidden: vacuum leaves them, as Delta's does.
        Assert.NotEmpty(Directory.GetFiles(table, ".*.crc", SearchOption.AllDirectories));
        using var duck = new DuckDb();
        var liveFiles = snapshot.Files.Select(f => Path.Combine(table, FilePaths.ToObjectPath(f.Path))).ToList();
        Assert.Equal(snapshot.Files.Sum(f => long.Parse(System.Text.Json.JsonDocument.Parse(f.Stats!).RootElement.GetProperty("numRecords").GetRawText(), System.Globalization.CultureInfo.InvariantCulture)), duck.Scalar<long>($"SELECT count(*) FROM read_parquet({DuckDb.FileList(liveFiles)})"));
    }

    [Fact]
    public async Task A_vacuum_stopped_half_way_leaves_a_table_that_reads_the_same_and_a_second_run_finishes()
    {
        var table = _temp.Combine("table");
        await DailyTable.LoadOverwritesAsync(_temp.Combine("exports"), table, [], 10, 20, 30, 40, 50);
        var store = new RecordingStore(new LocalObjectStore(table));
        var live = await DailyTable.LiveFilesAsync(store);
        store.BeforeDelete = done => { if (done >= 2) throw new StorageException(StorageErrorKind.Unreachable, "the storage went away"); };

        await Assert.ThrowsAsync<StorageException>(() => DeltaVacuum.RunAsync(store, new VacuumOptions { RetainHours = 0, Force = true }, TimeProvider.System, CancellationToken.None));

        var remaining = await DailyTable.DataFilesAsync(store);
        Assert.True(remaining.Count > live.Count, "the stopped run deleted everything");
        Assert.Equal(50, await (await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None)).CountRowsAsync(CancellationToken.None));
        store.BeforeDelete = null;
        var second = await DeltaVacuum.RunAsync(store, new VacuumOptions { RetainHours = 0, Force = true }, TimeProvider.System, CancellationToken.None);
        Assert.Equal(remaining.Count - live.Count, second.Files);
        Assert.Equal(live, await DailyTable.DataFilesAsync(store));
    }

    [Fact]
    public async Task Files_are_deleted_only_after_the_log_says_they_are_unreferenced()
    {
        var table = _temp.Combine("table");
        await DailyTable.LoadOverwritesAsync(_temp.Combine("exports"), table, [], 10, 20);
        var store = new LocalObjectStore(table);
        var clock = new ShiftedClock(TimeSpan.FromHours(169));

        // A week and an hour later, by the table's default window, the first day's file can go.
        var result = await DeltaVacuum.RunAsync(store, new VacuumOptions(), clock, CancellationToken.None);

        Assert.Equal(1, result.Files);
        Assert.StartsWith("day1/", result.Paths[0], StringComparison.Ordinal);
        Assert.Equal(await DailyTable.LiveFilesAsync(store), await DailyTable.DataFilesAsync(store));
    }

    [Fact]
    public async Task A_table_with_a_writer_feature_vacuum_does_not_know_is_refused()
    {
        var table = _temp.Combine("table");
        await DailyTable.LoadOverwritesAsync(_temp.Combine("exports"), table, [], 10, 20);
        var first = Path.Combine(table, "_delta_log", "00000000000000000000.json");
        var text = await File.ReadAllTextAsync(first);
        var protocol = System.Text.RegularExpressions.Regex.Match(text, "\\{\"protocol\":\\{[^}]*\\}\\}").Value;
        await File.WriteAllTextAsync(first, text.Replace(protocol, "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"appendOnly\",\"someFutureFeature\"]}}", StringComparison.Ordinal));
        var before = await DailyTable.DataFilesAsync(new LocalObjectStore(table));

        var error = await Assert.ThrowsAsync<UnsupportedTableFeatureException>(() => DeltaVacuum.RunAsync(new LocalObjectStore(table), new VacuumOptions { RetainHours = 0, Force = true }, TimeProvider.System, CancellationToken.None));

        Assert.Equal("someFutureFeature", error.FeatureName);
        Assert.Equal(before, await DailyTable.DataFilesAsync(new LocalObjectStore(table)));
    }

    [Theory]
    [InlineData("interval 1 week", 168)]
    [InlineData("interval 7 days", 168)]
    [InlineData("2 weeks", 336)]
    [InlineData("INTERVAL 36 HOURS", 36)]
    [InlineData("interval 1 day 12 hours", 36)]
    [InlineData("interval 90 minutes", 1.5)]
    [InlineData("interval 0 hours", 0)]
    [InlineData("interval 1.5 seconds", 1.5 / 3600)]
    public void Retention_intervals_read_as_delta_reads_them(string text, double hours)
    {
        Assert.True(RetentionDuration.TryParse(text, out var duration));
        Assert.Equal(hours, duration.TotalHours, 9);
    }

    [Theory]
    [InlineData("interval 1 month")]
    [InlineData("1 year")]
    [InlineData("interval -1 days")]
    [InlineData("interval 1.5 days")]
    [InlineData("seven days")]
    [InlineData("interval")]
    [InlineData("")]
    public void Months_years_negative_and_malformed_intervals_are_refused(string text) =>
        Assert.False(RetentionDuration.TryParse(text, out _));

    [Theory]
    [InlineData("ab^-aqEH.-t@S}K{vb[*k^", "ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin")]
    [InlineData("vBn[lx{q8@P<9BNH/isA", "deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin")]
    public void Relative_deletion_vectors_name_their_file_as_the_protocol_derives_it(string pathOrInline, string expected) =>
        Assert.Equal(expected, DeletionVectorFiles.RelativePath(new DeletionVectorDescriptor("u", pathOrInline, 1, 34, 1), "t"));

    [Fact]
    public void Inline_and_absolute_deletion_vectors_have_no_file_in_the_table()
    {
        Assert.Null(DeletionVectorFiles.RelativePath(new DeletionVectorDescriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", null, 40, 6), "t"));
        Assert.Null(DeletionVectorFiles.RelativePath(new DeletionVectorDescriptor("p", "s3://t/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", 4, 40, 6), "t"));
    }

    private string CopyGolden(string name)
    {
        var source = Path.Combine(RepoPaths.DeltaGolden, name, "delta");
        var target = _temp.Combine(name);
        var old = DateTime.UtcNow.AddDays(-30);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, old);
        }

        foreach (var folder in Directory.GetDirectories(target, "*", SearchOption.AllDirectories).Append(target))
        {
            Directory.SetLastWriteTimeUtc(folder, old);
        }

        return target;
    }

    /// <summary>The system clock moved forward, to see what a vacuum days later would do.</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
