using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Tests.Support;
using ParquetSharp;
using Column = Handoff.Shared.Schema.Column;
using LogicalType = Handoff.Shared.Schema.LogicalType;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>
/// The footer Spark reads to decide how old dates decode (apache/spark DataSourceUtils.getRebaseSpec):
/// our files name a Spark 3 version and no legacy-calendar key, and their values are
/// proleptic-Gregorian, as read by DuckDB and by Arrow C++ (ParquetSharp), neither of them ours.
/// </summary>
public sealed class ParquetSparkFooterTests : IDisposable
{
    private static readonly TableSchema OldDates = new([
        new Column("id", LogicalType.Long, Nullable: false),
        new Column("born", LogicalType.Date, Nullable: true),
        new Column("seen", LogicalType.Timestamp, Nullable: true),
    ]);

    private static readonly object?[][] OldRows =
    [
        [1L, new DateOnly(1, 1, 1), AllTypes.Utc(1899, 12, 31, 23, 59, 59, 999_999)],
        [2L, new DateOnly(1800, 1, 1), AllTypes.Utc(1899, 1, 1)],
        [3L, new DateOnly(1582, 10, 4), AllTypes.Utc(1, 1, 1, 0, 0, 0, 1)],
        [4L, new DateOnly(1582, 10, 15), AllTypes.Utc(1582, 10, 14, 12)],
        [5L, null, null],
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("snappy")]
    [InlineData("none")]
    public async Task The_footer_names_a_spark_3_version_and_no_legacy_calendar(string compression)
    {
        var path = await WriteOldDatesAsync(compression);

        var keys = DuckDb.Query($"SELECT decode(key), decode(value) FROM parquet_kv_metadata({DuckDb.Literal(path)})")
            .ToDictionary(r => (string)r[0]!, r => (string?)r[1]);
        Assert.Equal("3.5.0", keys["org.apache.spark.version"]);
        Assert.DoesNotContain(keys.Keys, k => k.StartsWith("org.apache.spark.legacy", StringComparison.Ordinal));

        using var reader = new ParquetFileReader(path);
        Assert.Equal("3.5.0", reader.FileMetaData.KeyValueMetadata["org.apache.spark.version"]);
    }

    [Fact]
    public async Task Column_chunks_set_the_deprecated_file_offset_to_zero_and_point_at_their_pages()
    {
        var path = _temp.Combine("offsets.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), new RowBatchWriterOptions { ParquetRowGroupRows = 2 });

        var chunks = DuckDb.Query($"SELECT file_offset, data_page_offset, dictionary_page_offset FROM parquet_metadata({DuckDb.Literal(path)})");

        Assert.True(chunks.Count > AllTypes.Schema.Count, "expected several row groups");
        Assert.All(chunks, c => Assert.Equal(0L, Convert.ToInt64(c[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(chunks, c => Assert.True(Convert.ToInt64(c[1], System.Globalization.CultureInfo.InvariantCulture) >= 4));
        FormatFiles.AssertSameRows(DuckDb.Expected(AllTypes.Schema, AllTypes.Rows), DuckDb.SelectNormalized(AllTypes.Schema, $"read_parquet({DuckDb.Literal(path)})"));
    }

    [Fact]
    public async Task Sentinel_dates_and_timestamps_before_1900_read_back_unchanged_in_DuckDB()
    {
        var path = await WriteOldDatesAsync("snappy");

        var rows = DuckDb.Query($"SELECT id, CAST(born AS VARCHAR), strftime(seen AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') FROM read_parquet({DuckDb.Literal(path)}) ORDER BY id");

        Assert.Equal(
            [
                [1L, "0001-01-01", "1899-12-31 23:59:59.999999"],
                [2L, "1800-01-01", "1899-01-01 00:00:00.000000"],
                [3L, "1582-10-04", "0001-01-01 00:00:00.000001"],
                [4L, "1582-10-15", "1582-10-14 12:00:00.000000"],
                [5L, null, null],
            ],
            rows);
    }

    [Fact]
    public async Task Sentinel_dates_and_timestamps_before_1900_read_back_unchanged_in_Arrow_cpp()
    {
        var path = await WriteOldDatesAsync("snappy");

        using var file = new ParquetFileReader(path);
        using var group = file.RowGroup(0);
        var rows = (int)group.MetaData.NumRows;
        var ids = group.Column(0).LogicalReader<long>().ReadAll(rows);
        var born = group.Column(1).LogicalReader<Date?>().ReadAll(rows);
        var seen = group.Column(2).LogicalReader<DateTime?>().ReadAll(rows);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], ids);
        Assert.Equal(
            [new DateOnly(1, 1, 1), new DateOnly(1800, 1, 1), new DateOnly(1582, 10, 4), new DateOnly(1582, 10, 15), (DateOnly?)null],
            born.Select(d => d is { } date ? DateOnly.FromDateTime(date.DateTime) : (DateOnly?)null));
        Assert.Equal(OldRows.Select(r => (DateTime?)r[2]), seen.Select(t => t is { } ts ? DateTime.SpecifyKind(ts, DateTimeKind.Utc) : (DateTime?)null));
    }

    private async Task<string> WriteOldDatesAsync(string compression)
    {
        var path = _temp.Combine($"old-dates.{compression}.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, compression), OldDates, [AllTypes.BatchOf(OldRows, OldDates)]);
        return path;
    }
}
