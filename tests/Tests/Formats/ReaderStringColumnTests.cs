using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>
/// The CSV, NDJSON and Avro readers fill string columns as UTF-8 bytes, in batches that are
/// refilled: every value must come back exactly, across batches, empty and null included.
/// </summary>
public sealed class ReaderStringColumnTests : IDisposable
{
    private static readonly string[] Cities = ["Seattle", "Reno", "Zürich", "São Paulo", "İzmir"];

    private static readonly TableSchema Schema = new([
        new Column("id", LogicalType.Long, Nullable: false),
        new Column("code", LogicalType.String, Nullable: true),
        new Column("city", LogicalType.String, Nullable: false),
    ]);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(FileFormat.Csv, "none")]
    [InlineData(FileFormat.Json, "none")]
    [InlineData(FileFormat.Avro, "null")]
    public async Task Many_values_read_back_exactly_across_refilled_batches(FileFormat format, string compression)
    {
        // 20,000 rows over five refills of a batch: distinct and repeated values, non-ASCII,
        // empty and null, short and long.
        var rows = Enumerable.Range(0, 20_000).Select(i => new object?[]
        {
            (long)i,
            (i % 9) switch
            {
                0 => null,
                1 => string.Empty,
                2 => new string('q', 16),
                3 => new string('q', 17),
                4 => $"Zoë-{i}",
                5 => $"東京{i % 300}",
                _ => $"{i:D5}",
            },
            Cities[i % 5],
        }).ToList();
        var spec = new FormatSpec(format, compression);
        var path = _temp.Combine("strings." + format.ToString().ToLowerInvariant());
        await FormatFiles.WriteAsync(path, spec, Schema, [AllTypes.BatchOf(rows, Schema)]);

        var read = await FormatFiles.ReadAsync(path, spec, Schema, batchCapacity: 4096);

        FormatFiles.AssertSameRows(rows, read);
    }
}
