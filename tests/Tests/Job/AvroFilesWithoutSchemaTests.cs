using Avro;
using Avro.File;
using Avro.Generic;
using Handoff.Shared.Cli;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// Avro files written by Apache.Avro (not by our exporter), loaded with <c>load --files</c> and
/// described with <c>exporter manifest</c> without <c>--schema</c>: the schema and codec come from
/// the files' headers, and files whose headers disagree are refused, naming the file.
/// </summary>
public sealed class AvroFilesWithoutSchemaTests : IDisposable
{
    private const string Schema = """
        {"type": "record", "name": "customer", "fields": [
          {"name": "id", "type": "long"},
          {"name": "name", "type": ["null", "string"]},
          {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2}},
          {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}]},
          {"name": "seen_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "score", "type": ["double", "null"]}
        ]}
        """;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => _temp.Combine("avro");

    [Fact]
    public async Task Avro_files_load_and_validate_with_the_schema_and_codec_of_their_headers()
    {
        Write("part-0.avro", Schema, 0, 300, Codec.Type.Deflate);
        Write("part-1.avro", Schema, 300, 500, Codec.Type.Deflate);

        var manifest = await Cli.ExporterAsync("manifest", "--files", Folder, "--format", "avro", "--json");
        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "avro", "--table", _temp.Combine("table"), "--json");

        Assert.True(manifest.ExitCode == 0, manifest.ToString());
        var json = manifest.Json();
        Assert.Equal("deflate", json.GetProperty("format").GetProperty("compression").GetString());
        Assert.Equal(500, json.GetProperty("rowCount").GetInt64());
        Assert.Equal(
            ["id long false", "name string true", "amount decimal(18,2) false", "day date true", "seen_at timestamp false", "score double true"],
            json.GetProperty("schema").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("type").GetString()} {c.GetProperty("nullable").GetBoolean().ToString().ToLowerInvariant()}"));
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.True(load.Json().GetProperty("passed").GetBoolean(), load.Out);
        Assert.Equal(500, load.Json().LoadedRows());
    }

    [Fact]
    public async Task Avro_files_whose_headers_disagree_are_refused_naming_the_file()
    {
        Write("part-0.avro", Schema, 0, 10, Codec.Type.Null);
        Write("part-1.avro", Schema.Replace("\"score\", \"type\": [\"double\", \"null\"]", "\"score\", \"type\": [\"float\", \"null\"]", StringComparison.Ordinal), 10, 20, Codec.Type.Null);

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "avro", "--table", _temp.Combine("table"));

        Assert.Equal(ExitCodes.BadInput, load.ExitCode);
        Assert.Contains("part-1.avro has a different schema from part-0.avro: its column 6 is 'score float', not 'score double'", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("table")));
    }

    [Fact]
    public async Task A_nested_avro_column_is_refused_naming_it_and_csv_still_needs_a_schema()
    {
        Write("part-0.avro", """{"type": "record", "name": "r", "fields": [{"name": "id", "type": "long"}, {"name": "tags", "type": {"type": "array", "items": "string"}}]}""", 0, 5, Codec.Type.Null);

        var nested = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "avro", "--table", _temp.Combine("table"));
        var csv = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "csv", "--table", _temp.Combine("table"));

        Assert.Equal(ExitCodes.BadInput, nested.ExitCode);
        Assert.Contains("column 'tags' is an Avro Array", nested.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, csv.ExitCode);
        Assert.Contains("--format csv needs --schema", csv.Error, StringComparison.Ordinal);
    }

    /// <summary>An Avro container file of rows from..to, written by Apache.Avro.</summary>
    private void Write(string name, string schemaJson, int from, int to, Codec.Type codec)
    {
        Directory.CreateDirectory(Folder);
        var schema = (RecordSchema)Avro.Schema.Parse(schemaJson);
        using var writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), Path.Combine(Folder, name), Codec.CreateCodec(codec));
        for (var i = from; i < to; i++)
        {
            var record = new GenericRecord(schema);
            record.Add("id", (long)i);
            if (schema.Fields.Count == 2)
            {
                record.Add("tags", new object[] { "a" });
            }
            else
            {
                record.Add("name", i % 5 == 0 ? null : "name " + i);
                record.Add("amount", new AvroDecimal(new System.Numerics.BigInteger(i * 125), 2));
                record.Add("day", i % 7 == 0 ? null : new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i % 300));
                record.Add("seen_at", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i));
                record.Add("score", i % 3 == 0 ? null : (object)(schemaJson.Contains("\"float\"", StringComparison.Ordinal) ? (object)(float)(i * 0.5) : i * 0.5));
            }

            writer.Append(record);
        }
    }
}
