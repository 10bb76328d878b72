using System.Text.Json.Nodes;
using System.Text.Json;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Json.Schema;
using Xunit;

namespace Handoff.Tests.Manifest;

/// <summary>The checked-in JSON Schema describes exactly what the writer produces, and rejects what the reader rejects.</summary>
public class ManifestJsonSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ManifestJson.SchemaText);

    public static TheoryData<string> Formats => new() { "parquet", "avro", "csv", "json" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Serialized_manifest_is_valid_against_the_schema(string format)
    {
        var manifest = format switch
        {
            "csv" => ManifestSamples.Csv(),
            "avro" => ManifestSamples.Parquet() with { Format = new FormatSpec(FileFormat.Avro, "deflate") },
            "json" => ManifestSamples.Parquet() with { Format = new FormatSpec(FileFormat.Json, "gzip") },
            _ => ManifestSamples.Parquet(),
        };

        var result = Evaluate(ManifestSamples.ToNode(manifest));

        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void Empty_export_is_valid_against_the_schema()
    {
        var result = Evaluate(ManifestSamples.ToNode(ManifestSamples.Parquet() with { RowCount = 0, Files = [] }));
        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [InlineData("manifestVersion", "2")]
    [InlineData("comment", "\"x\"")]
    [InlineData("exportId", "\".hidden\"")]
    [InlineData("exportId", "\"a/b\"")]
    [InlineData("createdAt", "\"2026-11-25T10:00:00\"")]
    [InlineData("rowCount", "-1")]
    [InlineData("rowCount", "\"10\"")]
    [InlineData("source.queryHash", "\"sha256:ABC\"")]
    [InlineData("format.type", "\"orc\"")]
    [InlineData("format.compression", "\"deflate\"")]
    [InlineData("format.csv", "{\"header\":true}")]
    [InlineData("schema", "[]")]
    [InlineData("schema[0].name", "\"customer id\"")]
    [InlineData("schema[0].type", "\"varchar\"")]
    [InlineData("schema[0].type", "\"bigint\"")]
    [InlineData("schema[0].nullable", "\"no\"")]
    [InlineData("files[1].path", "\"../x.parquet\"")]
    [InlineData("files[1].path", "\"a/./x.parquet\"")]
    [InlineData("files[1].path", "\"/x.parquet\"")]
    [InlineData("files[1].path", "\"C:\\\\x.parquet\"")]
    [InlineData("files[1].path", "\"https://host/x.parquet\"")]
    [InlineData("files[1].path", "\"a//x.parquet\"")]
    [InlineData("files[1].path", "\"manifest.json\"")]
    [InlineData("files[1].path", "\"cafe\\u0301.parquet\"")]
    [InlineData("files[1].rows", "-1")]
    [InlineData("files[1].bytes", "1.5")]
    [InlineData("files[1].checksum", "\"md5:F6A3BB0213684848037751F7390347F9\"")]
    [InlineData("files[1].size", "1")]
    public void Schema_and_parser_both_reject_a_bad_manifest(string field, string valueJson)
    {
        var json = ManifestSamples.ParquetJson().Set(field, JsonNode.Parse(valueJson));

        Assert.False(Evaluate(json).IsValid, $"the schema accepted {field} = {valueJson}");
        Assert.Throws<ManifestException>(() => ManifestJson.Parse(ManifestSamples.Bytes(json)));
    }

    [Theory]
    [InlineData("format.csv")]
    [InlineData("files[1].checksum")]
    [InlineData("source")]
    public void Schema_and_parser_both_reject_a_missing_field(string field)
    {
        var json = ManifestSamples.CsvJson().Without(field);

        Assert.False(Evaluate(json).IsValid, $"the schema accepted a manifest without {field}");
        Assert.Throws<ManifestException>(() => ManifestJson.Parse(ManifestSamples.Bytes(json)));
    }

    [Fact]
    public void Schema_rejects_csv_without_options()
    {
        var json = ManifestSamples.CsvJson().Set("format.csv", null);
        Assert.False(Evaluate(json).IsValid);
    }

    [Fact]
    public void Schema_rejects_a_multi_character_delimiter()
    {
        var json = ManifestSamples.CsvJson().Set("format.csv.delimiter", ",,");
        Assert.False(Evaluate(json).IsValid);
    }

    private static EvaluationResults Evaluate(JsonNode json)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
