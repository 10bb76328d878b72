using Handoff.Shared.Manifest;
using Xunit;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Tests.Support;

namespace Handoff.Tests.Formats;

/// <summary>Our Parquet files as DuckDB (an independent reader) and our own reader see them.</summary>
public sealed class ParquetFormatTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("snappy", "SNAPPY")]
    [InlineData("gzip", "GZIP")]
    [InlineData("zstd", "ZSTD")]
    [InlineData("none", "UNCOMPRESSED")]
    public async Task DuckDb_reads_every_type_and_edge_value_with_each_codec(string compression, string codecName)
    {
        var path = _temp.Combine($"all.{compression}.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, compression));

        var actual = DuckDb.SelectNormalized(AllTypes.Schema, $"read_parquet({DuckDb.Literal(path)})");
        FormatFiles.AssertSameRows(DuckDb.Expected(AllTypes.Schema, AllTypes.Rows), actual);
        var codecs = DuckDb.Query($"SELECT DISTINCT compression FROM parquet_metadata({DuckDb.Literal(path)})").Select(r => r[0]).ToList();
        Assert.Equal([codecName], codecs);
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("none")]
    public async Task Our_reader_round_trips_every_type_with_each_codec(string compression)
    {
        var path = _temp.Combine($"all.{compression}.parquet");
        var spec = new FormatSpec(FileFormat.Parquet, compression);
        await FormatFiles.WriteAsync(path, spec);

        FormatFiles.AssertSameRows(AllTypes.Rows, await FormatFiles.ReadAsync(path, spec));
    }

    [Fact]
    public async Task Physical_and_logical_types_are_what_Spark_expects()
    {
        var path = _temp.Combine("types.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"));

        var columns = DuckDb.Query($"SELECT name, type, type_length, repetition_type, converted_type, scale, precision, logical_type FROM parquet_schema({DuckDb.Literal(path)}) WHERE name <> 'duckdb_schema' AND type IS NOT NULL")
            .ToDictionary(r => (string)r[0]!, r => r);
        Assert.Equal(AllTypes.Schema.Count, columns.Count);
        Assert.DoesNotContain(columns.Values, r => (string?)r[1] == "INT96");

        AssertColumn(columns["id"], "INT64", "REQUIRED", "INT_64");
        AssertColumn(columns["name"], "BYTE_ARRAY", "REQUIRED", "UTF8");
        AssertColumn(columns["s"], "BYTE_ARRAY", "OPTIONAL", "UTF8");
        Assert.Contains("StringType", (string)columns["s"][7]!, StringComparison.Ordinal);
        AssertColumn(columns["l"], "INT64", "OPTIONAL", "INT_64");
        AssertColumn(columns["i"], "INT32", "OPTIONAL", "INT_32");
        AssertColumn(columns["sh"], "INT32", "OPTIONAL", "INT_16");
        Assert.Contains("isSigned=1", (string)columns["sh"][7]!, StringComparison.Ordinal);
        AssertColumn(columns["b"], "INT32", "OPTIONAL", "INT_8");
        Assert.Contains("isSigned=1", (string)columns["b"][7]!, StringComparison.Ordinal);
        AssertColumn(columns["d"], "DOUBLE", "OPTIONAL", null);
        AssertColumn(columns["f"], "FLOAT", "OPTIONAL", null);
        AssertColumn(columns["bo"], "BOOLEAN", "OPTIONAL", null);
        AssertColumn(columns["bin"], "BYTE_ARRAY", "OPTIONAL", null);
        Assert.Null(columns["bin"][7]);
        AssertColumn(columns["dt"], "INT32", "OPTIONAL", "DATE");
        AssertColumn(columns["ts"], "INT64", "OPTIONAL", "TIMESTAMP_MICROS");
        var timestamp = (string)columns["ts"][7]!;
        Assert.Contains("isAdjustedToUTC=1", timestamp, StringComparison.Ordinal);
        Assert.Contains("MICROS=MicroSeconds()", timestamp, StringComparison.Ordinal);
        Assert.Contains("MILLIS=<null>", timestamp, StringComparison.Ordinal);
        AssertDecimal(columns["dec"], "INT64", 18, 2);
        AssertDecimal(columns["dec9"], "INT32", 9, 3);
        AssertDecimal(columns["big"], "FIXED_LEN_BYTE_ARRAY", 38, 10);

        var described = DuckDb.Query($"DESCRIBE SELECT * FROM read_parquet({DuckDb.Literal(path)})").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", described["ts"]);
        Assert.Equal("TINYINT", described["b"]);
        Assert.Equal("SMALLINT", described["sh"]);
        Assert.Equal("DECIMAL(38,10)", described["big"]);
    }

    [Fact]
    public async Task Footer_statistics_are_exact_for_timestamps_strings_and_floats()
    {
        var path = _temp.Combine("stats.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"));

        var stats = DuckDb.Query($"SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata({DuckDb.Literal(path)})")
            .ToDictionary(r => (string)r[0]!, r => r);

        // Parquet.Net 6.1.0 alone writes these in milliseconds; ours are microseconds.
        Assert.Equal("0001-01-01 00:00:00+00", stats["ts"][1]);
        Assert.Equal("9999-12-31 23:59:59.999999+00", stats["ts"][2]);

        Assert.Equal(string.Empty, stats["s"][1]);
        Assert.Equal("！ and 😀", stats["s"][2]);
        Assert.Equal(1L, stats["s"][3]);

        // A chunk holding NaN gets no float statistics rather than NaN bounds.
        Assert.Null(stats["d"][1]);
        Assert.Null(stats["f"][2]);
        Assert.Equal("-9999999999999999.99", stats["dec"][1]);

        // Filters that use the statistics find the rows.
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)}) WHERE ts = TIMESTAMPTZ '9999-12-31 23:59:59.999999+00'"));
        Assert.Equal(2L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)}) WHERE s = 'héllo wörld 日本語 😀'"));
    }

    [Fact]
    public async Task String_statistics_follow_UTF8_byte_order()
    {
        // UTF-8 puts "😀" (F0 9F ..) after "！" (EF BC 81); UTF-16 code units say the opposite.
        var schema = new TableSchema([new Column("id", LogicalType.Long, false), new Column("s", LogicalType.String, true)]);
        var path = _temp.Combine("utf8.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), schema, [AllTypes.BatchOf([[1L, "😀"], [2L, "！"], [3L, "a"]], schema)]);

        var stats = DuckDb.Query($"SELECT stats_min_value, stats_max_value FROM parquet_metadata({DuckDb.Literal(path)}) WHERE path_in_schema = 's'").Single();
        Assert.Equal(["a", "😀"], stats);
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)}) WHERE s = '😀'"));
        await using var file = File.OpenRead(path);
        var footer = await ParquetFiles.ReadFooterAsync(file, CancellationToken.None);
        Assert.Equal(new ParquetColumnStatistics(0, "a", "😀"), footer.Statistics("s", LogicalType.String));
    }

    [Fact]
    public async Task Footer_helpers_read_row_count_and_typed_statistics()
    {
        var path = _temp.Combine("footer.parquet");
        var rows = Enumerable.Range(0, 2500).Select(i => Row(i)).ToList();
        var batches = rows.Chunk(700).Select(chunk => AllTypes.BatchOf(chunk)).ToList();
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), AllTypes.Schema, batches, new RowBatchWriterOptions { ParquetRowGroupRows = 1000 });

        await using var file = File.OpenRead(path);
        Assert.Equal(2500, await ParquetFiles.ReadRowCountAsync(file, CancellationToken.None));
        var footer = await ParquetFiles.ReadFooterAsync(file, CancellationToken.None);
        Assert.Equal([1000L, 1000L, 500L], footer.RowGroups.Select(g => g.RowCount));
        Assert.Equal(3L, DuckDb.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Literal(path)})"));

        Assert.Equal(new ParquetColumnStatistics(0, 0L, 2499L), footer.Statistics("id", LogicalType.Long));
        Assert.Equal(new ParquetColumnStatistics(0, AllTypes.Utc(2020, 1, 1), AllTypes.Utc(2020, 1, 1).AddSeconds(2499)), footer.Statistics("ts", LogicalType.Timestamp));
        Assert.Equal(new ParquetColumnStatistics(0, "s0", "s999"), footer.Statistics("s", LogicalType.String));
        Assert.Equal(new ParquetColumnStatistics(0, 0m, 24.99m), footer.Statistics("dec", LogicalType.Decimal(18, 2)));
        Assert.Equal(new ParquetColumnStatistics(0, -1249.5m, 1249.5m), footer.Statistics("big", LogicalType.Decimal(38, 10)));
        Assert.Equal(new ParquetColumnStatistics(0, new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 1).AddDays(2499)), footer.Statistics("dt", LogicalType.Date));
        Assert.Equal(new ParquetColumnStatistics(0, 0.0, 2499 / 3.0), footer.Statistics("d", LogicalType.Double));
        Assert.Equal(new ParquetColumnStatistics(0, (sbyte)-128, (sbyte)127), footer.Statistics("b", LogicalType.Byte));

        FormatFiles.AssertSameRows(rows, await FormatFiles.ReadAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), batchCapacity: 333));
    }

    [Fact]
    public async Task Row_groups_are_cut_by_rows_and_by_memory()
    {
        var byRows = _temp.Combine("rows.parquet");
        var rows = Enumerable.Range(0, 3000).Select(i => Row(i)).ToList();
        await FormatFiles.WriteAsync(byRows, new FormatSpec(FileFormat.Parquet, "snappy"), AllTypes.Schema, [AllTypes.BatchOf(rows)], new RowBatchWriterOptions { ParquetRowGroupRows = 1024 });
        Assert.Equal(3L, DuckDb.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Literal(byRows)})"));

        // The memory budget is checked every 8192 rows.
        var byBytes = _temp.Combine("bytes.parquet");
        var many = Enumerable.Range(0, 20000).Select(i => Row(i)).ToList();
        await FormatFiles.WriteAsync(byBytes, new FormatSpec(FileFormat.Parquet, "snappy"), AllTypes.Schema, [AllTypes.BatchOf(many)], new RowBatchWriterOptions { ParquetRowGroupBytes = 1 });
        Assert.Equal(3L, DuckDb.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Literal(byBytes)})"));
        Assert.Equal(20000L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(byBytes)})"));
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("none")]
    public async Task Pages_compressed_side_by_side_come_out_in_order_and_the_same_every_time(string compression)
    {
        // 200,000 rows in one row group: every 8-byte column spans several 256 KB pages, whose
        // compressions run on the thread pool at the same time.
        var rows = Enumerable.Range(0, 200_000).Select(i => Row(i)).ToList();
        var spec = new FormatSpec(FileFormat.Parquet, compression);
        var options = new RowBatchWriterOptions { ParquetRowGroupRows = 200_000 };
        var first = _temp.Combine($"first.{compression}.parquet");
        var second = _temp.Combine($"second.{compression}.parquet");
        await FormatFiles.WriteAsync(first, spec, AllTypes.Schema, [AllTypes.BatchOf(rows)], options);
        await FormatFiles.WriteAsync(second, spec, AllTypes.Schema, [AllTypes.BatchOf(rows)], options);

        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Literal(first)})"));
        Assert.True((long)DuckDb.Scalar($"SELECT total_uncompressed_size FROM parquet_metadata({DuckDb.Literal(first)}) WHERE path_in_schema = 'id'")! > 1024 * 1024);
        FormatFiles.AssertSameRows(rows, await FormatFiles.ReadAsync(first, spec, batchCapacity: 4096));
        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
    }

    [Fact]
    public async Task An_empty_export_is_a_valid_file_with_the_schema()
    {
        var path = _temp.Combine("empty.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), AllTypes.Schema, []);

        Assert.Equal(0L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)})"));
        Assert.Equal(AllTypes.Schema.Count, DuckDb.Query($"DESCRIBE SELECT * FROM read_parquet({DuckDb.Literal(path)})").Count);
        Assert.Empty(await FormatFiles.ReadAsync(path, new FormatSpec(FileFormat.Parquet, "snappy")));
    }

    [Fact]
    public async Task A_null_in_a_non_nullable_column_is_refused_with_its_name()
    {
        var rows = new[] { Row(1) };
        rows[0][15] = null;
        var error = await Assert.ThrowsAsync<InputDataException>(() => FormatFiles.WriteAsync(_temp.Combine("null.parquet"), new FormatSpec(FileFormat.Parquet, "snappy"), AllTypes.Schema, [AllTypes.BatchOf(rows)]));
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decimal_that_needs_rounding_is_refused()
    {
        var rows = new[] { Row(1) };
        rows[0][12] = 1.005m;
        var error = await Assert.ThrowsAsync<InputDataException>(() => FormatFiles.WriteAsync(_temp.Combine("dec.parquet"), new FormatSpec(FileFormat.Parquet, "snappy"), AllTypes.Schema, [AllTypes.BatchOf(rows)]));
        Assert.Contains("'dec'", error.Message, StringComparison.Ordinal);
        Assert.Contains("decimal(18,2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_file_is_a_format_error()
    {
        var path = _temp.Combine("whole.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"));
        var bytes = await File.ReadAllBytesAsync(path);
        var truncated = bytes[..(bytes.Length / 2)];

        await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(truncated, new FormatSpec(FileFormat.Parquet, "snappy"), AllTypes.Schema));
        await using var stream = new MemoryStream(truncated);
        var error = await Assert.ThrowsAsync<InputFormatException>(() => ParquetFiles.ReadRowCountAsync(stream, CancellationToken.None));
        Assert.Contains("PAR1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_with_a_schema_the_file_does_not_match_names_the_column()
    {
        var path = _temp.Combine("mismatch.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"));

        var wrongType = new TableSchema(AllTypes.Schema.Select(c => c.Name == "ts" ? c with { Type = LogicalType.Date } : c));
        var error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), wrongType));
        Assert.Contains("'ts'", error.Message, StringComparison.Ordinal);

        var missing = new TableSchema([.. AllTypes.Schema, new Column("extra", LogicalType.Long, true)]);
        error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), missing));
        Assert.Contains("'extra' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_reader_accepts_a_stream_that_cannot_seek()
    {
        var path = _temp.Combine("stream.parquet");
        var spec = new FormatSpec(FileFormat.Parquet, "zstd");
        await FormatFiles.WriteAsync(path, spec);

        await using var stream = new ReadOnlyForwardStream(await File.ReadAllBytesAsync(path));
        await using var reader = RowBatchFormats.CreateReader(spec, AllTypes.Schema, stream);
        var batch = new RowBatch(AllTypes.Schema, 1000);
        Assert.True(await reader.ReadAsync(batch, CancellationToken.None));
        Assert.Equal(AllTypes.Rows.Length, batch.Count);
        Assert.False(await reader.ReadAsync(batch, CancellationToken.None));
    }

    internal static object?[] Row(int i) =>
    [
        (long)i, $"s{i}", (long)i * 1000, i, (short)(i % 30000), (sbyte)((i % 256) - 128), i / 3.0, i / 4f, i % 2 == 0, BitConverter.GetBytes(i),
        new DateOnly(2020, 1, 1).AddDays(i), AllTypes.Utc(2020, 1, 1).AddSeconds(i), i / 100m, i % 1000 / 1000m, (i - 1249.5m), $"name {i}",
    ];

    private static void AssertColumn(object?[] column, string physical, string repetition, string? converted)
    {
        Assert.Equal(physical, column[1]);
        Assert.Equal(repetition, column[3]);
        Assert.Equal(converted, column[4]);
    }

    private static void AssertDecimal(object?[] column, string physical, int precision, int scale)
    {
        Assert.Equal(physical, column[1]);
        Assert.Equal("DECIMAL", column[4]);
        Assert.Equal((long)scale, Convert.ToInt64(column[5], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long)precision, Convert.ToInt64(column[6], System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>A read-only stream that can only be read forward, like a download.</summary>
internal sealed class ReadOnlyForwardStream(byte[] content) : Stream
{
    private readonly MemoryStream _inner = new(content, writable: false);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
