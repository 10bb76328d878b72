using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>Reader behaviour beyond the golden list: time travel, statistics, incomplete checkpoints, refusals.</summary>
public sealed class DeltaReaderTests
{
    private static LocalObjectStore Golden(string name) => new(GoldenCase.Named(name).TablePath);

    /// <summary>A writable copy of a golden table, to damage or write to.</summary>
    private static TempFolder CopyOfGolden(string name)
    {
        var folder = new TempFolder();
        var source = GoldenCase.Named(name).TablePath;
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder.Path, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return folder;
    }

    [Fact]
    public async Task Time_travel_on_a_spark_table_reads_the_earlier_version()
    {
        var store = Golden("time-travel-start-start20");

        var first = await DeltaLog.LoadSnapshotAsync(store, 0, CancellationToken.None);
        var latest = await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None);

        Assert.Equal(10, await first.CountRowsAsync(CancellationToken.None));
        Assert.Equal(20, await latest.CountRowsAsync(CancellationToken.None));
        Assert.Equal(1, latest.Version);
    }

    [Fact]
    public async Task Deletion_vectors_subtract_their_cardinality()
    {
        var snapshot = await DeltaLog.LoadSnapshotAsync(Golden("dv-partitioned-with-checkpoint"), null, CancellationToken.None);
        var stats = snapshot.GetFileStatistics();

        Assert.Contains(stats, s => s.DeletedRecords > 0);
        Assert.Equal(stats.Sum(s => s.NumRecords!.Value) - stats.Sum(s => s.DeletedRecords), stats.Sum(s => s.LiveRecords!.Value));
        Assert.Equal(35, await snapshot.CountRowsAsync(CancellationToken.None));
        Assert.Equal(["part"], snapshot.PartitionColumns);
    }

    [Fact]
    public async Task Column_mapping_reports_logical_names_for_columns_and_null_counts()
    {
        var snapshot = await DeltaLog.LoadSnapshotAsync(Golden("data-skipping-basic-stats-all-types-columnmapping-name"), null, CancellationToken.None);

        var stats = Assert.Single(snapshot.GetFileStatistics());

        Assert.Equal(snapshot.Columns.Select(c => c.Name).Order(StringComparer.Ordinal), stats.NullCounts.Keys.Order(StringComparer.Ordinal));
        Assert.All(snapshot.Columns, c => Assert.StartsWith("col-", c.PhysicalName, StringComparison.Ordinal));
        Assert.Equal("as_int", snapshot.Columns[0].Name);
    }

    [Fact]
    public async Task Column_types_use_delta_names_including_nested_types()
    {
        var snapshot = await DeltaLog.LoadSnapshotAsync(Golden("parquet-all-types"), null, CancellationToken.None);
        var types = snapshot.Columns.ToDictionary(c => c.Name, c => c.TypeText);

        Assert.Equal("byte", types["ByteType"]);
        Assert.Equal("integer", types["IntegerType"]);
        Assert.Equal("long", types["LongType"]);
        Assert.Equal("timestamp_ntz", types["TimestampNTZType"]);
        Assert.Matches(@"^decimal\(\d+,\d+\)$", types["decimal"]);
        Assert.Equal("array<integer>", types["array_of_prims"]);
        Assert.Equal("array<array<integer>>", types["array_of_arrays"]);
        Assert.Equal("map<integer,long>", types["map_of_prims"]);
        Assert.StartsWith("struct<", types["nested_struct"], StringComparison.Ordinal);
        Assert.True(snapshot.Columns.Single(c => c.Name == "LongType").TryGetLogicalType(out var logical));
        Assert.Equal(Shared.Schema.LogicalType.Long, logical);
        Assert.False(snapshot.Columns.Single(c => c.Name == "array_of_prims").TryGetLogicalType(out _));
    }

    [Fact]
    public async Task A_multi_part_checkpoint_with_a_missing_part_is_ignored_in_favour_of_the_commits()
    {
        using var copy = CopyOfGolden("multi-part-checkpoint");
        File.Delete(Path.Combine(copy.Path, "_delta_log", "00000000000000000001.checkpoint.0000000002.0000000002.parquet"));

        var snapshot = await DeltaLog.LoadSnapshotAsync(new LocalObjectStore(copy.Path), null, CancellationToken.None);

        Assert.Equal(31, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_v2_checkpoint_with_a_missing_sidecar_fails_naming_the_sidecar()
    {
        using var copy = CopyOfGolden("v2-checkpoint-json");
        var sidecar = Directory.GetFiles(Path.Combine(copy.Path, "_delta_log", "_sidecars"), "*.parquet")[0];
        File.Delete(sidecar);

        var error = await Assert.ThrowsAsync<DeltaException>(() => DeltaLog.LoadSnapshotAsync(new LocalObjectStore(copy.Path), null, CancellationToken.None));

        Assert.Equal(DeltaErrorKind.UnreadableFile, error.Kind);
        Assert.Contains(Path.GetFileName(sidecar), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_reader_feature_is_refused_by_name()
    {
        using var copy = CopyOfGolden("basic-with-vacuum-protocol-check-feature");
        var commit = Path.Combine(copy.Path, "_delta_log", "00000000000000000001.json");
        await File.WriteAllTextAsync(commit, (await File.ReadAllTextAsync(commit)).Replace("\"readerFeatures\":[\"vacuumProtocolCheck\"]", "\"readerFeatures\":[\"vacuumProtocolCheck\",\"catalogManaged\"]", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<UnsupportedTableFeatureException>(() => DeltaLog.LoadSnapshotAsync(new LocalObjectStore(copy.Path), null, CancellationToken.None));

        Assert.Equal("catalogManaged", error.FeatureName);
        Assert.Contains("'catalogManaged'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_to_a_table_with_deletion_vectors_is_refused_naming_the_feature()
    {
        using var copy = CopyOfGolden("dv-partitioned-with-checkpoint");
        var table = new DeltaTable(new LocalObjectStore(copy.Path));
        var tx = await table.StartTransactionAsync(CancellationToken.None);
        tx.AddFile(new DataFile("x.parquet", 1, DateTimeOffset.UtcNow, null));

        var error = await Assert.ThrowsAsync<UnsupportedTableFeatureException>(() => tx.CommitAsync(CancellationToken.None));

        Assert.Equal("deletionVectors", error.FeatureName);
        Assert.False(File.Exists(Path.Combine(copy.Path, "_delta_log", "00000000000000000016.json")));
    }

    [Fact]
    public async Task A_commit_line_that_is_not_json_fails_naming_the_file_and_line()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 1);
        await File.WriteAllTextAsync(t.FullPath("_delta_log/00000000000000000001.json"), "{\"commitInfo\":{}}\nnot json\n");

        var error = await Assert.ThrowsAsync<DeltaException>(() => t.Table.LoadSnapshotAsync(null, CancellationToken.None));

        Assert.Equal(DeltaErrorKind.CorruptLog, error.Kind);
        Assert.Contains("00000000000000000001.json line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_data_file_without_stats_fails_naming_the_file()
    {
        var snapshot = await DeltaLog.LoadSnapshotAsync(Golden("snapshot-data0"), null, CancellationToken.None);
        using var copy = CopyOfGolden("snapshot-data0");
        var file = Uri.UnescapeDataString(snapshot.Files[0].Path);
        File.Delete(Path.Combine(copy.Path, file));
        var damaged = await DeltaLog.LoadSnapshotAsync(new LocalObjectStore(copy.Path), null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DeltaException>(() => damaged.CountRowsAsync(CancellationToken.None));

        Assert.Equal(DeltaErrorKind.UnreadableFile, error.Kind);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_works_through_a_store_whose_streams_cannot_seek()
    {
        var store = new NonSeekableStore(new LocalObjectStore(GoldenCase.Named("multi-part-checkpoint").TablePath));
        var footers = new NonSeekableStore(new LocalObjectStore(GoldenCase.Named("snapshot-data2").TablePath));

        var checkpointed = await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None);
        var counted = await DeltaLog.LoadSnapshotAsync(footers, null, CancellationToken.None);

        Assert.Equal(31, await checkpointed.CountRowsAsync(CancellationToken.None));
        Assert.Equal(10, await counted.CountRowsAsync(CancellationToken.None));
        Assert.True(store.RangeReads > 0);
    }
}
