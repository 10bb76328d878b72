using System.IO.Compression;
using System.Text.Json;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>Our NDJSON files as DuckDB's read_json, System.Text.Json and our own reader see them.</summary>
public sealed class JsonFormatTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    public async Task DuckDb_reads_every_type_and_edge_value(string compression)
    {
        var path = _temp.Combine($"all.{compression}.json");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Json, compression));

        // DuckDB parses JSON numbers as doubles, so it checks every column but the wide decimals,
        // whose exact text System.Text.Json checks below.
        var wide = new[] { "dec", "big" };
        var schema = new TableSchema(AllTypes.Schema.Where(c => !wide.Contains(c.Name)));
        var source = $"read_json({DuckDb.Literal(path)}, format = 'newline_delimited', columns = {DuckDb.ColumnsStruct(schema)}, compression = '{(compression == "gzip" ? "gzip" : "uncompressed")}')";
        var actual = DuckDb.SelectNormalized(schema, source, binaryIsText: true);
        var kept = AllTypes.Schema.Select((c, i) => (c, i)).Where(x => !wide.Contains(x.c.Name)).Select(x => x.i).ToArray();
        FormatFiles.AssertSameRows(DuckDb.Expected(schema, AllTypes.Rows.Select(r => kept.Select(i => r[i]).ToArray())), actual);

        var lines = await ReadLinesAsync(path, compression);
        for (var r = 0; r < lines.Count; r++)
        {
            using var document = JsonDocument.Parse(lines[r]);
            foreach (var name in wide)
            {
                var column = AllTypes.Schema.Single(c => c.Name == name);
                var value = AllTypes.Rows[r][AllTypes.Schema.ToList().IndexOf(column)];
                var element = document.RootElement.GetProperty(name);
                Assert.Equal(value is null ? "null" : TextValueMapping.Format(column.Type, value), element.GetRawText());
            }
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    public async Task Our_reader_round_trips_every_type(string compression)
    {
        var path = _temp.Combine($"all.{compression}.json");
        var spec = new FormatSpec(FileFormat.Json, compression);
        await FormatFiles.WriteAsync(path, spec);

        FormatFiles.AssertSameRows(AllTypes.Rows, await FormatFiles.ReadAsync(path, spec, batchCapacity: 3));
    }

    [Fact]
    public async Task Each_line_is_an_object_with_JSON_types_per_column()
    {
        var path = _temp.Combine("types.json");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Json, "none"));
        var lines = await File.ReadAllLinesAsync(path);

        Assert.Equal(AllTypes.Rows.Length, lines.Length);
        Assert.Equal(
            """{"id":3,"s":"","l":0,"i":0,"sh":0,"b":0,"d":0.1,"f":1.1,"bo":true,"bin":"Kg==","dt":"1969-12-31","ts":"1969-12-31T23:59:59.999999Z","dec":12.50,"dec9":0.001,"big":0.0000000001,"name":"n3"}""",
            lines[2]);
        Assert.Equal(
            """{"id":1000,"s":null,"l":null,"i":null,"sh":null,"b":null,"d":null,"f":null,"bo":null,"bin":null,"dt":null,"ts":null,"dec":null,"dec9":null,"big":null,"name":"all null"}""",
            lines[^1]);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }

        using var nan = JsonDocument.Parse(lines[3]);
        Assert.Equal("NaN", nan.RootElement.GetProperty("d").GetString());
        Assert.Equal("comma,quote\"new\nline\r\nend", nan.RootElement.GetProperty("s").GetString());
        using var infinity = JsonDocument.Parse(lines[4]);
        Assert.Equal("Infinity", infinity.RootElement.GetProperty("d").GetString());
        Assert.Equal("-Infinity", infinity.RootElement.GetProperty("f").GetString());
        Assert.Equal("！ and 😀", infinity.RootElement.GetProperty("s").GetString());
    }

    [Fact]
    public async Task Control_characters_quotes_and_backslashes_are_escaped_and_the_rest_stays_UTF8()
    {
        string[] texts = ["nul\u0000", "\u0001\u001f", "back\bspace form\ffeed", "\"quoted\" \\path\\", "del\u007f line\u2028sep", "😀 日本", "\t\r\n"];
        var schema = new TableSchema([new Column("id", LogicalType.Integer, Nullable: false), new Column("we\"ird\\key", LogicalType.String, Nullable: true)]);
        var rows = texts.Select((t, i) => new object?[] { i, t }).ToList();
        var path = _temp.Combine("escapes.json");
        var spec = new FormatSpec(FileFormat.Json, "none");
        await FormatFiles.WriteAsync(path, spec, schema, [AllTypes.BatchOf(rows, schema)]);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal("""{"id":0,"we\"ird\\key":"nul\u0000"}""", lines[0]);
        Assert.Equal("""{"id":1,"we\"ird\\key":"\u0001\u001f"}""", lines[1]);
        Assert.Equal("""{"id":2,"we\"ird\\key":"back\bspace form\ffeed"}""", lines[2]);
        Assert.Equal("{\"id\":4,\"we\\\"ird\\\\key\":\"del\u007f line\u2028sep\"}", lines[4]);
        for (var i = 0; i < texts.Length; i++)
        {
            using var document = JsonDocument.Parse(lines[i]);
            Assert.Equal(texts[i], document.RootElement.GetProperty("we\"ird\\key").GetString());
        }

        FormatFiles.AssertSameRows(rows, await FormatFiles.ReadAsync(path, spec, schema));
        var duckDb = DuckDb.Query($"SELECT id, \"we\"\"ird\\key\" FROM read_json({DuckDb.Literal(path)}, format = 'newline_delimited') ORDER BY id");
        Assert.Equal(texts, duckDb.Select(r => (string?)r[1]).ToArray());
    }

    [Fact]
    public async Task An_empty_export_is_an_empty_file()
    {
        var path = _temp.Combine("empty.json.gz");
        var spec = new FormatSpec(FileFormat.Json, "gzip");
        await FormatFiles.WriteAsync(path, spec, AllTypes.Schema, []);

        Assert.Empty(await FormatFiles.ReadAsync(path, spec));
    }

    private static async Task<List<string>> ReadLinesAsync(string path, string compression)
    {
        await using var file = File.OpenRead(path);
        await using Stream stream = compression == "gzip" ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
