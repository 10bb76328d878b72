using System.Text.Json;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Log;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Delta.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>Checkpoints this writer produces: when, where, and that they alone reproduce the table (for us and for DuckDB).</summary>
public sealed class DeltaCheckpointTests
{
    private static async Task<TestTable> TableWithVersionsAsync(int lastVersion)
    {
        var t = new TestTable();
        await t.CreateAsync(rows: 10);
        for (var v = 1; v <= lastVersion; v++)
        {
            await t.AppendAsync(v * 10, 10);
        }

        return t;
    }

    [Fact]
    public async Task A_checkpoint_is_written_at_version_10_with_last_checkpoint_pointing_at_it()
    {
        using var t = await TableWithVersionsAsync(11);

        var hint = JsonDocument.Parse(await File.ReadAllTextAsync(t.FullPath("_delta_log/_last_checkpoint"))).RootElement;

        Assert.True(File.Exists(t.FullPath("_delta_log/00000000000000000010.checkpoint.parquet")));
        Assert.False(File.Exists(t.FullPath("_delta_log/00000000000000000011.checkpoint.parquet")));
        Assert.Equal(10, hint.GetProperty("version").GetInt64());
        Assert.Equal(11, hint.GetProperty("numOfAddFiles").GetInt64());
        Assert.Equal(13, hint.GetProperty("size").GetInt64());
        Assert.Equal(new FileInfo(t.FullPath("_delta_log/00000000000000000010.checkpoint.parquet")).Length, hint.GetProperty("sizeInBytes").GetInt64());
    }

    [Fact]
    public async Task The_checkpoint_alone_reproduces_the_table_when_older_commits_are_gone()
    {
        using var t = await TableWithVersionsAsync(12);
        var before = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        for (var v = 0; v <= 10; v++)
        {
            File.Delete(t.FullPath($"_delta_log/{v:D20}.json"));
        }

        var after = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);

        Assert.Equal(12, after.Version);
        Assert.Equal(130, await after.CountRowsAsync(CancellationToken.None));
        Assert.Equal(before.Files.Select(f => (f.Path, f.Size, f.Stats)), after.Files.Select(f => (f.Path, f.Size, f.Stats)));
        Assert.Equal(before.Metadata.SchemaString, after.Metadata.SchemaString);
        Assert.Equal(before.Metadata.Id, after.Metadata.Id);
        Assert.Equal(before.Protocol, after.Protocol);
        Assert.Equal(Enumerable.Range(0, 130).Select(i => (long)i), t.ReadIds(after));
    }

    [Fact]
    public async Task A_snapshot_read_from_a_checkpoint_alone_still_has_its_commit_info()
    {
        using var t = await TableWithVersionsAsync(10);

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);

        Assert.Equal(10, snapshot.Version);
        Assert.Equal(9, snapshot.CommitInfo?.ReadVersion);
        Assert.Equal(110, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DuckDB_reads_our_checkpoint_with_the_protocol_schema()
    {
        using var t = await TableWithVersionsAsync(10);
        var checkpoint = DuckDb.Quote(t.FullPath("_delta_log/00000000000000000010.checkpoint.parquet"));

        var adds = t.Duck.Scalar<long>($"SELECT count(*) FROM read_parquet({checkpoint}) WHERE add IS NOT NULL");
        var paths = t.Duck.Scalar<long>($"SELECT count(DISTINCT add.path) FROM read_parquet({checkpoint}) WHERE NOT add.dataChange AND add.size > 0 AND cardinality(add.partitionValues) = 0");
        var protocol = t.Duck.Rows($"SELECT protocol.minReaderVersion, protocol.minWriterVersion FROM read_parquet({checkpoint}) WHERE protocol IS NOT NULL");
        var metadata = t.Duck.Rows($"SELECT metaData.format.provider, metaData.schemaString, len(metaData.partitionColumns) FROM read_parquet({checkpoint}) WHERE metaData IS NOT NULL");
        var records = t.Duck.Scalar<long>($"SELECT CAST(sum(CAST(json_extract(add.stats, '$.numRecords') AS BIGINT)) AS BIGINT) FROM read_parquet({checkpoint})");

        Assert.Equal(11, adds);
        Assert.Equal(11, paths);
        Assert.Equal([1, 2], Assert.Single(protocol).Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)));
        var meta = Assert.Single(metadata);
        Assert.Equal("parquet", meta[0]);
        Assert.Contains("\"name\":\"id\"", (string)meta[1]!, StringComparison.Ordinal);
        Assert.Equal(0L, Convert.ToInt64(meta[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(110, records);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("interval 30 days", 1)]
    [InlineData("30 days", 1)]
    [InlineData("interval 2 weeks", 1)]
    [InlineData("interval 1 week", 0)]
    [InlineData("interval 240 hours", 0)]
    [InlineData("not an interval", 1)]
    public async Task Checkpoints_keep_tombstones_for_the_tables_deleted_file_retention(string? retention, long kept)
    {
        var clock = new FakeClock();
        using var t = new TestTable(new DeltaTransactionOptions { Clock = clock, CheckpointInterval = 3 });
        await t.CreateAsync(rows: 10);
        if (retention is not null)
        {
            await t.SetPropertiesAtCreationAsync(new Dictionary<string, string> { ["delta.deletedFileRetentionDuration"] = retention });
        }

        var removed = (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).Files.Single().Path;
        var overwrite = await t.Table.StartTransactionAsync(CancellationToken.None);
        overwrite.Mode = DeltaWriteMode.Overwrite;
        overwrite.Schema = TestTable.Schema;
        overwrite.AddFile(t.WriteIdsFile(100, 10));
        await overwrite.CommitAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(10));
        await t.AppendAsync(200, 1);
        var result = await t.AppendAsync(300, 1);

        Assert.Equal(3, result.CheckpointVersion);
        var checkpoint = DuckDb.Quote(t.FullPath("_delta_log/00000000000000000003.checkpoint.parquet"));
        var tombstones = t.Duck.Rows($"SELECT remove.path, remove.dataChange FROM read_parquet({checkpoint}) WHERE remove IS NOT NULL");
        Assert.Equal(kept, tombstones.Count);
        if (kept > 0)
        {
            Assert.Equal([removed, false], Assert.Single(tombstones));
        }
    }

    [Theory]
    [InlineData("interval 1 week", 7 * 24 * 60)]
    [InlineData("INTERVAL 30 DAYS", 30 * 24 * 60)]
    [InlineData("1 day 12 hours", 36 * 60)]
    [InlineData("interval 90 minutes", 90)]
    [InlineData("2 weeks", 14 * 24 * 60)]
    [InlineData("interval 1 month", null)]
    [InlineData("interval -1 day", null)]
    [InlineData("interval", null)]
    [InlineData("7", null)]
    [InlineData("interval 1 fortnight", null)]
    public void Retention_durations_are_read_as_Delta_reads_them(string text, int? minutes) =>
        Assert.Equal(minutes is { } m ? TimeSpan.FromMinutes(m) : null, SparkJob.Delta.Properties.DeltaInterval.TryParse(text));

    [Fact]
    public async Task A_table_that_asks_for_stats_parsed_gets_no_checkpoint_and_a_clear_reason()
    {
        using var t = new TestTable(new DeltaTransactionOptions { CheckpointInterval = 2 });
        await t.CreateAsync(rows: 1);
        await t.SetPropertiesAtCreationAsync(new Dictionary<string, string> { ["delta.checkpoint.writeStatsAsStruct"] = "true" });
        await t.AppendAsync(1, 1);

        var result = await t.AppendAsync(2, 1);

        Assert.Equal(2, result.Version);
        Assert.Null(result.CheckpointVersion);
        Assert.Contains("delta.checkpoint.writeStatsAsStruct=true", result.CheckpointError, StringComparison.Ordinal);
        Assert.Contains("stats_parsed", result.CheckpointError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(t.FullPath("_delta_log"), "*.checkpoint.parquet"));
        Assert.Equal(3, await (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_table_that_keeps_no_json_stats_in_checkpoints_gets_adds_without_them()
    {
        using var t = new TestTable(new DeltaTransactionOptions { CheckpointInterval = 2 });
        await t.CreateAsync(rows: 4);
        await t.SetPropertiesAtCreationAsync(new Dictionary<string, string> { ["delta.checkpoint.writeStatsAsJson"] = "false" });
        await t.AppendAsync(4, 3);
        await t.AppendAsync(7, 2);
        var checkpoint = DuckDb.Quote(t.FullPath("_delta_log/00000000000000000002.checkpoint.parquet"));

        Assert.Equal(3, t.Duck.Scalar<long>($"SELECT count(*) FROM read_parquet({checkpoint}) WHERE add IS NOT NULL AND add.stats IS NULL"));
        for (var v = 0; v <= 2; v++)
        {
            File.Delete(t.FullPath($"_delta_log/{v:D20}.json"));
        }

        Assert.Equal(9, await (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_checkpoint_footer_names_the_spark_version_like_data_files()
    {
        using var t = await TableWithVersionsAsync(10);
        var checkpoint = DuckDb.Quote(t.FullPath("_delta_log/00000000000000000010.checkpoint.parquet"));

        var keys = t.Duck.Rows($"SELECT decode(key), decode(value) FROM parquet_kv_metadata({checkpoint})").ToDictionary(r => (string)r[0]!, r => (string?)r[1]);

        Assert.Equal("3.5.0", keys["org.apache.spark.version"]);
        Assert.DoesNotContain(keys.Keys, k => k.StartsWith("org.apache.spark.legacy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Checkpoint_parquet_round_trips_every_action_field()
    {
        using var t = new TestTable();
        var engine = new ObjectStoreDeltaEngine(t.Store);
        var dv = new DeletionVectorDescriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", 4, 40, 6, 9);
        IDeltaAction[] actions =
        [
            new ProtocolAction(3, 7, ["deletionVectors", "columnMapping"], ["deletionVectors", "columnMapping", "appendOnly"]),
            new MetadataAction("id-1", "name", null, "parquet", new Dictionary<string, string?> { ["o"] = "1" }, "{\"type\":\"struct\",\"fields\":[]}", ["p1", "p2"], new Dictionary<string, string?> { ["delta.columnMapping.mode"] = "name", ["k"] = null }, 1234),
            new TxnAction("app", 42, 99),
            new TxnAction("app2", 1, null),
            new AddFile("p1=a/part%201.parquet", new Dictionary<string, string?> { ["p1"] = "a", ["p2"] = null }, 100, 200, true, "{\"numRecords\":10}", new Dictionary<string, string?> { ["t"] = "v" }, dv, 7, 3),
            new AddFile("part-2.parquet", new Dictionary<string, string?>(), 101, 201, false),
            new RemoveFile("old.parquet", 300, true, true, new Dictionary<string, string?>(), 55, null),
            new RemoveFile("old-dv.parquet", 301, false, null, null, null, dv),
        ];

        await engine.WriteCheckpointParquetAsync("_delta_log/00000000000000000003.checkpoint.parquet", actions, CancellationToken.None);
        var read = new List<IDeltaAction>();
        await foreach (var action in engine.ReadCheckpointParquetAsync("_delta_log/00000000000000000003.checkpoint.parquet", CancellationToken.None))
        {
            read.Add(action);
        }

        var expected = actions.Select(ActionJsonWriter.ToJson).Order(StringComparer.Ordinal).ToList();
        var actual = read.Select(ActionJsonWriter.ToJson).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public async Task The_checkpoint_interval_table_property_is_honoured()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 1);
        var log = t.FullPath("_delta_log/00000000000000000000.json");
        var lines = await File.ReadAllLinesAsync(log);
        await File.WriteAllLinesAsync(log, lines.Select(l => l.Replace("\"configuration\":{}", "\"configuration\":{\"delta.checkpointInterval\":\"3\"}", StringComparison.Ordinal)));

        for (var v = 1; v <= 4; v++)
        {
            var result = await t.AppendAsync(v * 10, 1);
            Assert.Equal(v == 3 ? 3 : null, result.CheckpointVersion);
        }

        Assert.Equal(
            [LogFile.ClassicCheckpointPath(3)],
            Directory.GetFiles(t.FullPath("_delta_log"), "*.checkpoint.parquet").Select(f => "_delta_log/" + Path.GetFileName(f)));
    }
}
