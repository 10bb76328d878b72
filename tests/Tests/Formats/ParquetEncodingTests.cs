using System.Globalization;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>
/// The writer's encodings on data large enough to use all of them: dictionary pages for
/// repetitive strings, the fall back to PLAIN when a dictionary grows past 1 MB, pages and row
/// groups cut mid-batch, and definition levels for every pattern of nulls. DuckDB and our
/// reader must both read back exactly what was written.
/// </summary>
public sealed class ParquetEncodingTests : IDisposable
{
    private static readonly TableSchema Schema = new([
        new Column("id", LogicalType.Long, Nullable: false),
        new Column("tier", LogicalType.String, Nullable: true),
        new Column("email", LogicalType.String, Nullable: true),
        new Column("score", LogicalType.Integer, Nullable: true),
        new Column("flag", LogicalType.Boolean, Nullable: true),
        new Column("amount", LogicalType.Decimal(38, 4), Nullable: true),
    ]);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("snappy")]
    [InlineData("none")]
    public async Task Dictionary_and_plain_pages_across_row_groups_read_back_exactly(string compression)
    {
        const int rows = 70_000;
        var path = _temp.Combine("mixed.parquet");
        var spec = new FormatSpec(FileFormat.Parquet, compression);
        await WriteAsync(path, spec, rows, new RowBatchWriterOptions { ParquetRowGroupRows = 30_000 });

        var read = DuckDb.Query($"SELECT id, tier, email, score, flag, CAST(amount AS VARCHAR) FROM read_parquet({DuckDb.Literal(path)}) ORDER BY id");
        Assert.Equal(rows, read.Count);
        for (var i = 0; i < rows; i++)
        {
            var expected = Row(i);
            Assert.Equal((long)expected[0]!, read[i][0]);
            Assert.Equal(expected[1], read[i][1]);
            Assert.Equal(expected[2], read[i][2]);
            Assert.Equal(expected[3], read[i][3]);
            Assert.Equal(expected[4], read[i][4]);
            Assert.Equal(expected[5] is decimal d ? d.ToString("0.0000", CultureInfo.InvariantCulture) : null, read[i][5]);
        }

        var ours = await FormatFiles.ReadAsync(path, spec, Schema, batchCapacity: 4096);
        Assert.Equal(rows, ours.Count);
        Assert.Equal(Row(rows - 1), ours[^1]);
        Assert.Equal(Row(12_345), ours[12_345]);
    }

    [Fact]
    public async Task Repetitive_strings_are_dictionary_encoded_and_unique_ones_fall_back_to_plain()
    {
        var path = _temp.Combine("encodings.parquet");
        await WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), 70_000, new RowBatchWriterOptions { ParquetRowGroupRows = 30_000 });

        var encodings = DuckDb.Query($"SELECT path_in_schema, row_group_id, encodings, dictionary_page_offset IS NOT NULL FROM parquet_metadata({DuckDb.Literal(path)}) WHERE path_in_schema IN ('tier', 'email') ORDER BY 1, 2")
            .ToDictionary(r => ((string)r[0]!, (long)r[1]!), r => ((string)r[2]!, (bool)r[3]!));

        // Four tiers: every chunk has a dictionary and no plain pages.
        Assert.All(Enumerable.Range(0, 3), g => Assert.True(encodings[("tier", g)].Item2));
        Assert.DoesNotContain("PLAIN,", encodings[("tier", 0)].Item1 + ",", StringComparison.Ordinal);

        // 30,000 distinct emails of ~40 bytes pass 1 MB: the first chunk starts with a dictionary
        // and falls back; later chunks are plain from the start.
        Assert.True(encodings[("email", 0)].Item2);
        Assert.Contains("PLAIN_DICTIONARY", encodings[("email", 0)].Item1, StringComparison.Ordinal);
        Assert.False(encodings[("email", 1)].Item2);
        Assert.False(encodings[("email", 2)].Item2);
    }

    [Fact]
    public async Task Nearly_unique_short_strings_fall_back_to_plain_even_with_a_small_dictionary()
    {
        // Unique 6-char codes never fill a 1 MB dictionary in a 30,000-row chunk; codes that each
        // appear twice are worth a dictionary.
        var schema = new TableSchema([
            new Column("code", LogicalType.String, Nullable: false),
            new Column("pair", LogicalType.String, Nullable: false),
        ]);
        const int rows = 70_000;
        var batch = new RowBatch(schema, rows) { Count = rows };
        for (var i = 0; i < rows; i++)
        {
            batch.References<string>(0)[i] = $"{i:D6}";
            batch.References<string>(1)[i] = $"{i / 2:D6}";
        }

        var path = _temp.Combine("unique.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), schema, [batch], new RowBatchWriterOptions { ParquetRowGroupRows = 30_000 });

        var hasDictionary = DuckDb.Query($"SELECT path_in_schema, row_group_id, dictionary_page_offset IS NOT NULL FROM parquet_metadata({DuckDb.Literal(path)}) ORDER BY 1, 2")
            .ToDictionary(r => ((string)r[0]!, (long)r[1]!), r => (bool)r[2]!);
        Assert.True(hasDictionary[("code", 0)]);
        Assert.False(hasDictionary[("code", 1)]);
        Assert.False(hasDictionary[("code", 2)]);
        Assert.All(Enumerable.Range(0, 3), g => Assert.True(hasDictionary[("pair", g)]));

        var read = DuckDb.Query($"SELECT count(DISTINCT code), count(DISTINCT pair), max(code), min(pair) FROM read_parquet({DuckDb.Literal(path)})").Single();
        Assert.Equal([(long)rows, (long)(rows / 2), "069999", "000000"], read);
    }

    [Fact]
    public async Task Null_patterns_survive_definition_level_encoding()
    {
        // Alternating, sparse, runs longer and shorter than a byte, leading and trailing runs.
        Func<int, bool>[] patterns = [i => i % 2 == 0, i => i % 9 == 0, i => i / 13 % 2 == 0, i => i < 1000, i => i >= 2993, _ => true, _ => false];
        var schema = new TableSchema(patterns.Select((_, p) => new Column($"c{p}", LogicalType.String, Nullable: true)));
        const int rows = 3001;
        var batch = new RowBatch(schema, rows) { Count = rows };
        for (var p = 0; p < patterns.Length; p++)
        {
            var column = batch.References<string>(p);
            for (var i = 0; i < rows; i++)
            {
                column[i] = patterns[p](i) ? null : $"v{i % 5}";
            }
        }

        var path = _temp.Combine("nulls.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), schema, [batch]);

        var nullsPerColumn = DuckDb.Query($"SELECT {string.Join(", ", schema.Select(c => $"count(*) FILTER (WHERE {c.Name} IS NULL)"))} FROM read_parquet({DuckDb.Literal(path)})").Single();
        for (var p = 0; p < patterns.Length; p++)
        {
            Assert.Equal((long)Enumerable.Range(0, rows).Count(patterns[p]), nullsPerColumn[p]);
        }

        var positions = DuckDb.Query($"SELECT list(c2 IS NULL ORDER BY rn) FROM (SELECT c2, row_number() OVER () AS rn FROM read_parquet({DuckDb.Literal(path)}))").Single().Single();
        Assert.Equal(Enumerable.Range(0, rows).Select(i => patterns[2](i)).ToList(), ((System.Collections.IEnumerable)positions!).Cast<bool>().ToList());
    }

    private static object?[] Row(int i) =>
    [
        (long)i,
        i % 17 == 0 ? null : new[] { "bronze", "silver", "gold", "platinum" }[i % 4],
        i % 23 == 0 ? null : $"customer.{i:D8}.é@example-{i % 97}.com",
        i % 5 == 0 ? null : i * 7 - 100_000,
        i % 3 == 0 ? null : i % 2 == 0,
        i % 11 == 0 ? null : ((decimal)i * 1_000_003m / 7m) - 5_000_000m is var v ? decimal.Round(v, 4) : null,
    ];

    private static async Task WriteAsync(string path, FormatSpec spec, int rows, RowBatchWriterOptions options)
    {
        // Uneven batches, so pages and row groups are cut mid-batch.
        var batches = new List<RowBatch>();
        for (var start = 0; start < rows; start += 7_001)
        {
            batches.Add(AllTypes.BatchOf(Enumerable.Range(start, Math.Min(7_001, rows - start)).Select(Row).ToList(), Schema));
        }

        await FormatFiles.WriteAsync(path, spec, Schema, batches, options);
    }
}
