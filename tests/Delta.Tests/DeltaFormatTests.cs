using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Log;
using Handoff.SparkJob.Delta.Schema;
using Handoff.SparkJob.Delta.Stats;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>The small text formats of the log: file names, paths, schema and stats JSON.</summary>
public sealed class DeltaFormatTests
{
    [Theory]
    [InlineData("_delta_log/00000000000000000007.json", LogFileKind.Commit, 7, 0, 0)]
    [InlineData("_delta_log/00000000000000000010.checkpoint.parquet", LogFileKind.ClassicCheckpoint, 10, 0, 0)]
    [InlineData("_delta_log/00000000000000000010.checkpoint.0000000002.0000000003.parquet", LogFileKind.MultiPartCheckpoint, 10, 2, 3)]
    [InlineData("_delta_log/00000000000000000002.checkpoint.6374b053-df23-479b-b2cf-c9c550132b49.json", LogFileKind.UuidCheckpoint, 2, 0, 0)]
    [InlineData("_delta_log/00000000000000000002.checkpoint.6374b053-df23-479b-b2cf-c9c550132b49.parquet", LogFileKind.UuidCheckpoint, 2, 0, 0)]
    public void Log_file_names_are_recognised(string path, LogFileKind kind, long version, int part, int parts)
    {
        var file = LogFile.TryParse(path, 1);

        Assert.NotNull(file);
        Assert.Equal((kind, version, part, parts), (file.Kind, file.Version, file.Part, file.Parts));
    }

    [Theory]
    [InlineData("_delta_log/00000000000000000007.crc")]
    [InlineData("_delta_log/_last_checkpoint")]
    [InlineData("_delta_log/00000000000000000004.00000000000000000006.compacted.json")]
    [InlineData("_delta_log/7.json")]
    [InlineData("_delta_log/00000000000000000010.checkpoint.0000000004.0000000003.parquet")]
    [InlineData("_delta_log/.00000000000000000007.json.tmp")]
    public void Other_files_in_the_log_are_ignored(string path) => Assert.Null(LogFile.TryParse(path, 1));

    [Theory]
    [InlineData("part-00000.parquet", "part-00000.parquet")]
    [InlineData("a=1/part 0.parquet", "a=1/part%200.parquet")]
    [InlineData("x:y/é#%.parquet", "x%3Ay/%C3%A9%23%25.parquet")]
    public void Paths_round_trip_through_their_uri_form(string objectPath, string logPath)
    {
        Assert.Equal(logPath, FilePaths.ToLogPath(objectPath));
        Assert.Equal(objectPath, FilePaths.ToObjectPath(logPath));
    }

    [Theory]
    [InlineData("s3://bucket/table/part-0.parquet")]
    [InlineData("file:/tmp/part-0.parquet")]
    [InlineData("/tmp/part-0.parquet")]
    public void Absolute_paths_are_refused_clearly(string logPath)
    {
        var error = Assert.Throws<DeltaException>(() => FilePaths.ToObjectPath(logPath));

        Assert.Contains(logPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_json_round_trips_every_logical_type()
    {
        var schema = new TableSchema([
            new Column("s", LogicalType.String, true), new Column("l", LogicalType.Long, false), new Column("i", LogicalType.Integer, true),
            new Column("sh", LogicalType.Short, true), new Column("b", LogicalType.Byte, true), new Column("d", LogicalType.Double, true),
            new Column("f", LogicalType.Float, true), new Column("bo", LogicalType.Boolean, true), new Column("bi", LogicalType.Binary, true),
            new Column("da", LogicalType.Date, true), new Column("ts", LogicalType.Timestamp, true), new Column("de", LogicalType.Decimal(38, 9), false),
        ]);

        var parsed = DeltaSchemaJson.Parse(DeltaSchemaJson.Write(schema));

        Assert.Equal(schema.Select(c => (c.Name, c.Type.ToString(), c.Nullable)), parsed.Fields.Select(f => (f.Name, f.Type.TypeText, f.Nullable)));
        Assert.Empty(SchemaDifferences.Between(schema, parsed.Fields.Select(f => new DeltaColumn(f.Name, f.Type.TypeText, f.Nullable, f.Type, f.Name)).ToList()));
    }

    [Fact]
    public void Nested_types_get_delta_type_text_and_physical_names()
    {
        const string json = """
            {"type":"struct","fields":[
              {"name":"a","type":{"type":"struct","fields":[{"name":"x","type":"integer","nullable":true,"metadata":{}},{"name":"y","type":"decimal(5, 2)","nullable":false,"metadata":{}}]},"nullable":true,
               "metadata":{"delta.columnMapping.id":1,"delta.columnMapping.physicalName":"col-1"}},
              {"name":"m","type":{"type":"map","keyType":"string","valueType":{"type":"array","elementType":"timestamp_ntz","containsNull":false},"valueContainsNull":true},"nullable":false,"metadata":{}},
              {"name":"d","type":"decimal","nullable":true,"metadata":{}}]}
            """;

        var schema = DeltaSchemaJson.Parse(json);

        Assert.Equal("struct<x:integer,y:decimal(5,2)>", schema.Fields[0].Type.TypeText);
        Assert.Equal("col-1", schema.Fields[0].PhysicalName);
        Assert.Equal("map<string,array<timestamp_ntz>>", schema.Fields[1].Type.TypeText);
        Assert.False(schema.Fields[1].Nullable);
        Assert.Equal("decimal(10,0)", schema.Fields[2].Type.TypeText);
        Assert.Equal("m", schema.Fields[1].PhysicalName);
    }

    [Fact]
    public void A_schema_string_that_is_not_a_struct_is_a_corrupt_log()
    {
        var error = Assert.Throws<DeltaException>(() => DeltaSchemaJson.Parse("{\"type\":\"array\",\"elementType\":\"long\"}"));

        Assert.Equal(DeltaErrorKind.CorruptLog, error.Kind);
        Assert.Contains("schemaString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_follow_delta_value_formats()
    {
        var schema = new TableSchema([
            new Column("ts", LogicalType.Timestamp, true), new Column("d", LogicalType.Date, true), new Column("m", LogicalType.Decimal(12, 3), true),
            new Column("s", LogicalType.String, true), new Column("bo", LogicalType.Boolean, true), new Column("x", LogicalType.Double, true),
            new Column("b", LogicalType.Byte, true),
        ]);
        var longText = new string('z', 40);
        var stats = StatsJsonWriter.Write(schema, 5, new Dictionary<string, ColumnStatistics>
        {
            ["ts"] = new(1, new DateTime(2024, 5, 1, 12, 34, 56, DateTimeKind.Utc).AddTicks(7_891_234), new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc)),
            ["d"] = new(0, new DateOnly(2024, 1, 2), new DateOnly(2024, 12, 31)),
            ["m"] = new(0, -12.5m, 123456789.125m),
            ["s"] = new(2, "a\"b", longText),
            ["bo"] = new(0, false, true),
            ["x"] = new(0, double.NegativeInfinity, 2.5),
            ["b"] = new(null, (sbyte)-3, (sbyte)7),
        });

        Assert.Equal(
            "{\"numRecords\":5," +
            "\"minValues\":{\"ts\":\"2024-05-01T12:34:56.789Z\",\"d\":\"2024-01-02\",\"m\":-12.5,\"s\":\"a\\\"b\",\"b\":-3}," +
            "\"maxValues\":{\"ts\":\"2024-05-02T00:00:00.000Z\",\"d\":\"2024-12-31\",\"m\":123456789.125,\"s\":\"" + new string('z', 32) + "\\u007F\",\"x\":2.5,\"b\":7}," +
            "\"nullCount\":{\"ts\":1,\"d\":0,\"m\":0,\"s\":2,\"bo\":0,\"x\":0}}",
            stats);
    }

    [Fact]
    public void Stats_cover_only_the_first_32_columns_and_cut_long_minimums()
    {
        var schema = new TableSchema(Enumerable.Range(0, 40).Select(i => new Column($"c{i}", LogicalType.String, true)));
        var columns = schema.ToDictionary(c => c.Name, _ => new ColumnStatistics(0, new string('a', 50), "b"));

        var parsed = StatsJsonReader.Parse(StatsJsonWriter.Write(schema, 1, columns));

        Assert.Equal(32, parsed.NullCountsByPhysicalName.Count);
        Assert.DoesNotContain("c32", parsed.NullCountsByPhysicalName.Keys);
        Assert.Contains(new string('a', 32) + "\"", StatsJsonWriter.Write(schema, 1, columns), StringComparison.Ordinal);
        Assert.DoesNotContain(new string('a', 33), StatsJsonWriter.Write(schema, 1, columns), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"minValues\":{}}")]
    public void Missing_or_unreadable_stats_have_no_record_count(string? stats) => Assert.Null(StatsJsonReader.Parse(stats).NumRecords);
}
