using System.Text;
using System.Text.Json.Nodes;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;

namespace Handoff.Tests.Manifest;

/// <summary>Valid manifests to start from; tests break one field at a time.</summary>
internal static class ManifestSamples
{
    public const string Md5Part0 = "md5:f6a3bb0213684848037751f7390347f9";
    public const string Md5Part1 = "md5:ffc88b4ca90a355f8ddba6b2c3b2af5c";

    public static ExportManifest Parquet() => new()
    {
        ExportId = "daily-2026-11-25",
        CreatedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, 123, TimeSpan.Zero),
        Source = ManifestSource.For("duckdb", "SELECT customer_id, amount FROM sales WHERE amount > 0 AND note <> 'x'"),
        Format = new FormatSpec(FileFormat.Parquet, "snappy"),
        Schema = new TableSchema([
            new Column("customer_id", LogicalType.Long, false),
            new Column("amount", LogicalType.Decimal(18, 2), true),
        ]),
        RowCount = 10,
        Files =
        [
            new ManifestFile("part-00000.parquet", 6, 1234, Md5Part0),
            new ManifestFile("part-00001.parquet", 4, 999, Md5Part1),
        ],
    };

    public static ExportManifest Csv() => Parquet() with
    {
        Format = new FormatSpec(FileFormat.Csv, "gzip", new CsvOptions
        {
            Header = false,
            Delimiter = '\t',
            Quote = '\'',
            Escape = '\\',
            QuoteMode = CsvQuoteMode.NonNull,
            LineEnding = "\r\n",
        }),
        Files =
        [
            new ManifestFile("2026/11/part-00000.csv.gz", 6, 1234, Md5Part0),
            new ManifestFile("2026/11/part-00001.csv.gz", 4, 999, Md5Part1),
        ],
    };

    public static JsonObject ParquetJson() => ToNode(Parquet());

    public static JsonObject CsvJson() => ToNode(Csv());

    public static JsonObject ToNode(ExportManifest manifest) => JsonNode.Parse(ManifestJson.Serialize(manifest))!.AsObject();

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
