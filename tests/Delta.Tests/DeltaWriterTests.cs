using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Stats;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.Tests.Delta.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>Creating, appending to and overwriting tables, read back through our reader and DuckDB.</summary>
public sealed class DeltaWriterTests
{
    [Fact]
    public async Task Create_writes_protocol_1_2_and_the_schema()
    {
        using var t = new TestTable();

        var result = await t.CreateAsync(rows: 25);

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(0, result.Version);
        Assert.Equal(0, snapshot.Version);
        Assert.Equal((1, 2), (snapshot.Protocol.MinReaderVersion, snapshot.Protocol.MinWriterVersion));
        Assert.Equal([("id", "long", false), ("name", "string", true)], snapshot.Columns.Select(c => (c.Name, c.TypeText, c.Nullable)).ToList());
        Assert.Equal("parquet", snapshot.Metadata.FormatProvider);
        Assert.True(Guid.TryParse(snapshot.Metadata.Id, out _));
        Assert.Empty(snapshot.Metadata.PartitionColumns);
        Assert.NotNull(snapshot.Metadata.CreatedTime);
        Assert.Equal(25, await snapshot.CountRowsAsync(CancellationToken.None));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), t.ReadIds(snapshot));
    }

    [Fact]
    public async Task Create_without_files_is_a_CREATE_TABLE_commit_with_zero_rows()
    {
        using var t = new TestTable();

        await t.CreateAsync(rows: 0);

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal("CREATE TABLE", snapshot.CommitInfo?.Operation);
        Assert.Equal(0, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Append_adds_files_and_overwrite_replaces_them()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        await t.AppendAsync(10, 5);

        var appended = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(1, appended.Version);
        Assert.Equal(15, await appended.CountRowsAsync(CancellationToken.None));
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (long)i), t.ReadIds(appended));

        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Mode = DeltaWriteMode.Overwrite;
        tx.Schema = TestTable.Schema;
        tx.AddFile(t.WriteIdsFile(100, 3));
        var result = await tx.CommitAsync(CancellationToken.None);

        var overwritten = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal((2, 1, 2), (result.Version, result.FilesAdded, result.FilesRemoved));
        Assert.Equal(3, await overwritten.CountRowsAsync(CancellationToken.None));
        Assert.Equal([100L, 101L, 102L], t.ReadIds(overwritten));
        Assert.Equal(2, overwritten.Tombstones.Count);
        Assert.All(overwritten.Tombstones, r => Assert.True(r.DataChange && r.DeletionTimestamp > 0));
        Assert.Equal("Overwrite", overwritten.CommitInfo?.OperationParameters["mode"]);
        Assert.False(overwritten.CommitInfo?.IsBlindAppend);
    }

    [Fact]
    public async Task Commit_info_records_operation_engine_and_export_id()
    {
        using var t = new TestTable();
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = TestTable.Schema;
        tx.UserMetadata = "export-20240501-abc";
        tx.AddFile(t.WriteIdsFile(0, 7));
        await tx.CommitAsync(CancellationToken.None);

        var info = (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).CommitInfo!;

        Assert.Equal("WRITE", info.Operation);
        Assert.Equal("Append", info.OperationParameters["mode"]);
        Assert.StartsWith("handoff-spark-job/", info.EngineInfo, StringComparison.Ordinal);
        Assert.Equal("export-20240501-abc", info.UserMetadata);
        Assert.True(info.IsBlindAppend);
        Assert.Equal("7", info.OperationMetrics!["numOutputRows"]);
        Assert.Equal("1", info.OperationMetrics["numFiles"]);
        Assert.InRange(info.Timestamp!.Value, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Add_actions_carry_stats_that_give_null_counts_per_column()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 30);

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        var stats = Assert.Single(snapshot.GetFileStatistics());

        Assert.Equal(30, stats.NumRecords);
        Assert.Equal(0, stats.NullCounts["id"]);
        Assert.Equal(3, stats.NullCounts["name"]);
        var add = Assert.Single(snapshot.Files);
        Assert.True(add.DataChange);
        Assert.Empty(add.PartitionValues);
        Assert.Equal(new FileInfo(t.FullPath(add.Path)).Length, add.Size);
        Assert.Contains("\"minValues\":{\"id\":0,\"name\":\"n1\"}", add.Stats, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_files_are_described_from_their_parquet_footer()
    {
        using var t = new TestTable();
        var written = t.WriteIdsFile(5, 20);

        var described = await t.Table.DescribeDataFileAsync(written.Path, TestTable.Schema, CancellationToken.None);
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = TestTable.Schema;
        tx.AddFile(described);
        await tx.CommitAsync(CancellationToken.None);

        var stats = StatsJsonReader.Parse(described.Stats);
        Assert.Equal((written.Path, written.Size), (described.Path, described.Size));
        Assert.Equal(20, stats.NumRecords);
        Assert.Equal(0, stats.NullCountsByPhysicalName["id"]);
        Assert.Equal(2, stats.NullCountsByPhysicalName["name"]);
        Assert.Contains("\"minValues\":{\"id\":5,\"name\":\"n11\"}", described.Stats, StringComparison.Ordinal);
        Assert.Contains("\"maxValues\":{\"id\":24,\"name\":\"n9\"}", described.Stats, StringComparison.Ordinal);
        Assert.Equal(20, await (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Paths_are_uri_encoded_in_the_log_and_decoded_for_reading()
    {
        using var t = new TestTable();
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = TestTable.Schema;
        tx.AddFile(t.WriteIdsFile(0, 4, "export 1/part 00000 #1.parquet"));
        await tx.CommitAsync(CancellationToken.None);

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);

        Assert.Equal("export%201/part%2000000%20%231.parquet", Assert.Single(snapshot.Files).Path);
        Assert.Equal(4, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Files_without_stats_are_counted_from_their_parquet_footer()
    {
        using var t = new TestTable();
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = TestTable.Schema;
        tx.AddFile(t.WriteIdsFile(0, 12) with { Stats = null });
        tx.AddFile(t.WriteIdsFile(12, 8));
        await tx.CommitAsync(CancellationToken.None);

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);

        Assert.Equal(20, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Appending_data_of_another_schema_is_refused_naming_the_columns()
    {
        using var t = new TestTable();
        await t.CreateAsync();
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = new TableSchema([new Column("id", LogicalType.Integer, false), new Column("extra", LogicalType.String, true)]);
        tx.AddFile(t.WriteIdsFile(10, 1));

        var error = await Assert.ThrowsAsync<DeltaException>(() => tx.CommitAsync(CancellationToken.None));

        Assert.Equal(DeltaErrorKind.SchemaMismatch, error.Kind);
        Assert.Contains("column 'id' is integer in the data but long in the table", error.Message, StringComparison.Ordinal);
        Assert.Contains("'extra'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).Version);
    }

    [Fact]
    public async Task Overwrite_with_overwrite_schema_replaces_the_schema()
    {
        using var t = new TestTable();
        await t.CreateAsync();
        var schema = new TableSchema([new Column("id", LogicalType.Long, false), new Column("name", LogicalType.String, true), new Column("extra", LogicalType.Date, true)]);
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Mode = DeltaWriteMode.Overwrite;
        tx.OverwriteSchema = true;
        tx.Schema = schema;
        await tx.CommitAsync(CancellationToken.None);

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);

        Assert.Equal(["id", "name", "extra"], snapshot.Columns.Select(c => c.Name).ToArray());
        Assert.Equal(0, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Creating_needs_a_schema()
    {
        using var t = new TestTable();
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.AddFile(t.WriteIdsFile(0, 1));

        var error = await Assert.ThrowsAsync<DeltaException>(() => tx.CommitAsync(CancellationToken.None));

        Assert.Equal(DeltaErrorKind.InvalidTransaction, error.Kind);
        Assert.False(await t.Table.ExistsAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("_delta_log/part-0.parquet")]
    [InlineData("../outside.parquet")]
    [InlineData("/abs/part-0.parquet")]
    public async Task Data_files_outside_the_table_or_in_hidden_folders_are_refused(string path)
    {
        using var t = new TestTable();
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = TestTable.Schema;
        tx.AddFile(new DataFile(path, 10, DateTimeOffset.UtcNow, null));

        var error = await Assert.ThrowsAsync<DeltaException>(() => tx.CommitAsync(CancellationToken.None));

        Assert.Equal(DeltaErrorKind.InvalidTransaction, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_travel_reads_an_earlier_version_and_history_lists_every_commit()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        await t.AppendAsync(10, 10);
        await t.AppendAsync(20, 10);

        var first = await t.Table.LoadSnapshotAsync(1, CancellationToken.None);
        var history = await t.Table.ReadHistoryAsync(CancellationToken.None);

        Assert.Equal(20, await first.CountRowsAsync(CancellationToken.None));
        Assert.Equal([0L, 1L, 2L], history.Select(h => h.Version));
        Assert.All(history, h => Assert.Equal("WRITE", h.CommitInfo?.Operation));
        var missing = await Assert.ThrowsAsync<DeltaException>(() => t.Table.LoadSnapshotAsync(3, CancellationToken.None));
        Assert.Equal(DeltaErrorKind.VersionNotFound, missing.Kind);
    }

    [Fact]
    public async Task Commits_are_newline_delimited_json_with_commit_info_first()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 3);

        var lines = await File.ReadAllLinesAsync(t.FullPath("_delta_log/00000000000000000000.json"));

        Assert.StartsWith("{\"commitInfo\":", lines[0], StringComparison.Ordinal);
        Assert.Equal("{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}", lines[1]);
        Assert.StartsWith("{\"metaData\":{\"id\":", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"schemaString\":\"{\\\"type\\\":\\\"struct\\\"", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("{\"add\":{\"path\":\"part-00000-", lines[3], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
    }
}
