using System.Text;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>
/// A string column that a source filled with UTF-8 bytes (DuckDB's VARCHAR) is written exactly as
/// the same values given as .NET strings: same bytes for Parquet, CSV in every dialect and NDJSON,
/// the same values read back for Avro (whose sync marker is random).
/// </summary>
public sealed class Utf8ColumnWriterTests : IDisposable
{
    private static readonly TableSchema Schema = new(
    [
        new Column("id", LogicalType.Long, Nullable: false),
        new Column("s", LogicalType.String, Nullable: true),
    ]);

    /// <summary>Values that need quoting, escaping, or neither, and nulls; the second batch needs nothing (the whole-column check).</summary>
    private static readonly string?[][] Batches =
    [
        [.. AllTypes.NastyStrings, null, "\u0001control", "line\u2028separator", "é", "日本語日本語日本語"],
        ["plain", "héllo 😀", null, string.Empty, "x", "ÿ"],
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, FormatSpec> ByteIdenticalFormats => new()
    {
        { "parquet", new FormatSpec(FileFormat.Parquet, "snappy") },
        { "parquet-none", new FormatSpec(FileFormat.Parquet, "none") },
        { "json", new FormatSpec(FileFormat.Json, "none") },
        { "csv-needed", new FormatSpec(FileFormat.Csv, "none", new CsvOptions()) },
        { "csv-all", new FormatSpec(FileFormat.Csv, "none", new CsvOptions { QuoteMode = CsvQuoteMode.All }) },
        { "csv-nonnull-backslash", new FormatSpec(FileFormat.Csv, "none", new CsvOptions { QuoteMode = CsvQuoteMode.NonNull, Escape = '\\' }) },
        { "csv-none-pipe", new FormatSpec(FileFormat.Csv, "none", new CsvOptions { QuoteMode = CsvQuoteMode.None, Delimiter = '|', Escape = '\\' }) },
        { "csv-tab-crlf", new FormatSpec(FileFormat.Csv, "none", new CsvOptions { Delimiter = '\t', LineEnding = "\r\n" }) },
        { "csv-non-ascii-delimiter", new FormatSpec(FileFormat.Csv, "none", new CsvOptions { Delimiter = '¦' }) },
        { "csv-non-ascii-quote", new FormatSpec(FileFormat.Csv, "none", new CsvOptions { Quote = 'é', Escape = 'é' }) },
    };

    [Theory]
    [MemberData(nameof(ByteIdenticalFormats))]
    public async Task A_utf8_column_is_written_byte_for_byte_as_the_same_strings(string name, FormatSpec spec)
    {
        var fromStrings = _temp.Combine(name + ".strings");
        var fromUtf8 = _temp.Combine(name + ".utf8");

        await FormatFiles.WriteAsync(fromStrings, spec, Schema, Batches.Select(StringBatch));
        await FormatFiles.WriteAsync(fromUtf8, spec, Schema, Batches.Select(Utf8Batch));

        Assert.Equal(await File.ReadAllBytesAsync(fromStrings), await File.ReadAllBytesAsync(fromUtf8));
        if (spec.Csv?.QuoteMode is CsvQuoteMode.All or CsvQuoteMode.None)
        {
            return; // these dialects write null and "" alike
        }

        var rows = await FormatFiles.ReadAsync(fromUtf8, spec, Schema, batchCapacity: 100);
        Assert.Equal(Batches.SelectMany(b => b), rows.Select(r => (string?)r[1]));
    }

    [Fact]
    public async Task A_utf8_column_falls_back_from_its_dictionary_across_row_groups_as_strings_do()
    {
        // Unique emails fill the first chunk's dictionary past 1 MB and fall back to PLAIN; the
        // later chunks are PLAIN from the start.
        var values = Enumerable.Range(0, 70_000).Select(i => i % 11 == 0 ? null : $"customer.{i:D8}@example-domain-{i % 7}.com").ToArray();
        var spec = new FormatSpec(FileFormat.Parquet, "snappy");
        var options = new RowBatchWriterOptions { ParquetRowGroupRows = 30_000 };
        var fromStrings = _temp.Combine("many.strings.parquet");
        var fromUtf8 = _temp.Combine("many.utf8.parquet");

        await FormatFiles.WriteAsync(fromStrings, spec, Schema, values.Chunk(4096).Select(StringBatch), options);
        await FormatFiles.WriteAsync(fromUtf8, spec, Schema, values.Chunk(4096).Select(Utf8Batch), options);

        Assert.Equal(await File.ReadAllBytesAsync(fromStrings), await File.ReadAllBytesAsync(fromUtf8));
        var read = DuckDb.Query($"SELECT count(DISTINCT s), count(s), min(s), max(s) FROM read_parquet({DuckDb.Literal(fromUtf8)})").Single();
        var present = values.OfType<string>().ToList();
        Assert.Equal([(long)present.Count, (long)present.Count, present.Min(StringComparer.Ordinal), present.Max(StringComparer.Ordinal)], read);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("deflate")]
    [InlineData("snappy")]
    public async Task A_utf8_column_reads_back_from_avro_as_the_same_strings(string codec)
    {
        var spec = new FormatSpec(FileFormat.Avro, codec);
        var path = _temp.Combine($"utf8.{codec}.avro");

        await FormatFiles.WriteAsync(path, spec, Schema, Batches.Select(Utf8Batch));

        var rows = await FormatFiles.ReadAsync(path, spec, Schema, batchCapacity: 100);
        Assert.Equal(Batches.SelectMany(b => b), rows.Select(r => (string?)r[1]));
    }

    [Fact]
    public void A_consumer_of_the_array_gets_the_utf8_values_as_strings()
    {
        var batch = Utf8Batch(Batches[0]);

        Assert.NotNull(batch.Utf8(1));
        Assert.Equal("héllo wörld 日本語 😀", batch.GetValue(2, 1));
        Assert.Equal(Batches[0], batch.References<string>(1).Take(batch.Count));
        Assert.Null(batch.Utf8(1));
    }

    [Fact]
    public void Removing_the_first_rows_keeps_the_rest_of_a_utf8_column_in_order()
    {
        var batch = Utf8Batch(Batches[0]);

        batch.RemoveFirst(3);

        Assert.Equal(Batches[0].Length - 3, batch.Count);
        Assert.Equal(Batches[0].Skip(3), Enumerable.Range(0, batch.Count).Select(r => (string?)batch.GetValue(r, 1)));
        Assert.Equal(Enumerable.Range(3, batch.Count).Select(i => (long?)i), batch.Values<long>(0).Take(batch.Count));
    }

    [Fact]
    public void A_batch_refilled_as_utf8_after_its_strings_were_read_shows_the_new_values()
    {
        var batch = Utf8Batch(Batches[0]);
        _ = batch.Column(1);

        Fill(batch, Batches[1]);

        Assert.Equal(Batches[1], batch.References<string>(1).Take(batch.Count));
    }

    private static RowBatch StringBatch(string?[] values)
    {
        var batch = new RowBatch(Schema, values.Length);
        for (var r = 0; r < values.Length; r++)
        {
            batch.Values<long>(0)[r] = r;
            batch.References<string>(1)[r] = values[r];
        }

        batch.Count = values.Length;
        return batch;
    }

    private static RowBatch Utf8Batch(string?[] values)
    {
        var batch = new RowBatch(Schema, Math.Max(values.Length, Batches.Max(b => b.Length)));
        Fill(batch, values);
        return batch;
    }

    private static void Fill(RowBatch batch, string?[] values)
    {
        var utf8 = batch.WriteUtf8(1);
        for (var r = 0; r < values.Length; r++)
        {
            batch.Values<long>(0)[r] = r;
            if (values[r] is { } text)
            {
                utf8.Set(r, Encoding.UTF8.GetBytes(text));
            }
            else
            {
                utf8.SetNull(r);
            }
        }

        batch.Count = values.Length;
    }
}
