using System.Text;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Xunit;

namespace Handoff.Tests.Manifest;

public class ManifestRoundTripTests
{
    [Fact]
    public void Serialized_manifest_has_the_contract_shape_in_a_stable_order()
    {
        var text = Encoding.UTF8.GetString(ManifestJson.Serialize(ManifestSamples.Parquet()));

        var expected = """
            {
              "manifestVersion": 1,
              "exportId": "daily-2026-11-25",
              "createdAt": "2026-11-25T10:00:00.123Z",
              "source": {
                "kind": "duckdb",
                "query": "SELECT customer_id, amount FROM sales WHERE amount > 0 AND note <> 'x'",
                "queryHash": "HASH"
              },
              "format": {
                "type": "parquet",
                "compression": "snappy",
                "csv": null
              },
              "schema": [
                {
                  "name": "customer_id",
                  "type": "long",
                  "nullable": false
                },
                {
                  "name": "amount",
                  "type": "decimal(18,2)",
                  "nullable": true
                }
              ],
              "rowCount": 10,
              "files": [
                {
                  "path": "part-00000.parquet",
                  "rows": 6,
                  "bytes": 1234,
                  "checksum": "md5:f6a3bb0213684848037751f7390347f9"
                },
                {
                  "path": "part-00001.parquet",
                  "rows": 4,
                  "bytes": 999,
                  "checksum": "md5:ffc88b4ca90a355f8ddba6b2c3b2af5c"
                }
              ]
            }

            """.Replace("HASH", ManifestSamples.Parquet().Source.QueryHash, StringComparison.Ordinal);
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Parquet_manifest_round_trips()
    {
        var manifest = ManifestSamples.Parquet();
        Assert.Equal(manifest, ManifestJson.Parse(ManifestJson.Serialize(manifest)));
    }

    [Fact]
    public void Csv_manifest_round_trips_its_dialect()
    {
        var manifest = ManifestSamples.Csv();
        var parsed = ManifestJson.Parse(ManifestJson.Serialize(manifest));

        Assert.Equal(manifest, parsed);
        Assert.Equal('\t', parsed.Format.Csv!.Delimiter);
        Assert.Equal(CsvQuoteMode.NonNull, parsed.Format.Csv.QuoteMode);
        Assert.Equal("\r\n", parsed.Format.Csv.LineEnding);
    }

    [Fact]
    public void Every_type_round_trips()
    {
        LogicalType[] types = [LogicalType.String, LogicalType.Long, LogicalType.Integer, LogicalType.Short, LogicalType.Byte, LogicalType.Double,
            LogicalType.Float, LogicalType.Boolean, LogicalType.Binary, LogicalType.Date, LogicalType.Timestamp, LogicalType.Decimal(38, 38), LogicalType.Decimal(1, 0)];
        var manifest = ManifestSamples.Parquet() with { Schema = new TableSchema(types.Select((t, i) => new Column($"c{i}", t, i % 2 == 0))) };

        Assert.Equal(manifest, ManifestJson.Parse(ManifestJson.Serialize(manifest)));
    }

    [Fact]
    public void Csv_spec_without_options_records_the_defaults()
    {
        var manifest = ManifestSamples.Parquet() with { Format = new FormatSpec(FileFormat.Csv, "none") };

        var parsed = ManifestJson.Parse(ManifestJson.Serialize(manifest));

        Assert.Equal(new CsvOptions(), parsed.Format.Csv);
    }

    [Fact]
    public void Created_at_is_written_in_utc_with_milliseconds()
    {
        var manifest = ManifestSamples.Parquet() with { CreatedAt = new DateTimeOffset(2026, 11, 25, 12, 30, 5, 7, TimeSpan.FromHours(2)) };

        var json = ManifestSamples.ToNode(manifest);

        Assert.Equal("2026-11-25T10:30:05.007Z", (string?)json["createdAt"]);
        Assert.Equal(manifest.CreatedAt, ManifestJson.Parse(ManifestJson.Serialize(manifest)).CreatedAt);
    }

    [Fact]
    public void Created_at_with_an_offset_is_read_as_the_same_instant()
    {
        var json = ManifestSamples.ParquetJson();
        json["createdAt"] = "2026-11-25T11:00:00+01:00";

        var parsed = ManifestJson.Parse(ManifestSamples.Bytes(json));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), parsed.CreatedAt);
        Assert.Equal(TimeSpan.Zero, parsed.CreatedAt.Offset);
    }

    [Fact]
    public void Empty_export_round_trips()
    {
        var manifest = ManifestSamples.Parquet() with { RowCount = 0, Files = [] };
        Assert.Equal(manifest, ManifestJson.Parse(ManifestJson.Serialize(manifest)));
    }

    [Fact]
    public void Query_text_stays_readable_in_the_file()
    {
        var text = Encoding.UTF8.GetString(ManifestJson.Serialize(ManifestSamples.Parquet() with { Source = ManifestSource.For("postgres", "SELECT 'é' AS x WHERE a < b AND c > d") }));

        Assert.Contains("\"SELECT 'é' AS x WHERE a < b AND c > d\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_async_parses_a_stream()
    {
        using var stream = new MemoryStream(ManifestJson.Serialize(ManifestSamples.Csv()));
        Assert.Equal(ManifestSamples.Csv(), await ManifestJson.ReadAsync(stream, CancellationToken.None));
    }

    [Fact]
    public void Utf8_byte_order_mark_is_accepted()
    {
        var bytes = "\uFEFF"u8.ToArray().Concat(ManifestJson.Serialize(ManifestSamples.Parquet())).ToArray();
        Assert.Equal(ManifestSamples.Parquet(), ManifestJson.Parse(bytes));
    }

    [Fact]
    public void Serialize_refuses_a_manifest_it_would_not_accept()
    {
        var manifest = ManifestSamples.Parquet() with { Files = [new ManifestFile("../escape.parquet", 10, 1, ManifestSamples.Md5Part0)] };

        var e = Assert.Throws<ManifestException>(() => ManifestJson.Serialize(manifest));

        Assert.Equal("files[0].path", e.Field);
    }

    [Fact]
    public void Query_hash_is_sha256_of_the_utf8_query()
    {
        // sha256("SELECT 1"), computed independently with sha256sum.
        Assert.Equal("sha256:e004ebd5b5532a4b85984a62f8ad48a81aa3460c1ca07701f386135d72cdecf5", ManifestSource.For("duckdb", "SELECT 1").QueryHash);
    }

    [Fact]
    public void Md5_checksum_text_and_bytes_convert_both_ways()
    {
        var md5 = Convert.FromHexString("f6a3bb0213684848037751f7390347f9");

        var checksum = ManifestFile.Md5Checksum(md5);

        Assert.Equal(ManifestSamples.Md5Part0, checksum);
        Assert.Equal(md5, new ManifestFile("a", 0, 0, checksum).Md5());
        Assert.Throws<ArgumentException>(() => ManifestFile.Md5Checksum(new byte[20]));
        Assert.False(ManifestFile.TryParseMd5("md5:F6A3BB0213684848037751F7390347F9", out _));
    }

    [Fact]
    public void Schema_text_is_the_embedded_json_schema()
    {
        Assert.Contains("https://json-schema.org/draft/2020-12/schema", ManifestJson.SchemaText, StringComparison.Ordinal);
        Assert.Contains("\"manifestVersion\"", ManifestJson.SchemaText, StringComparison.Ordinal);
    }
}
