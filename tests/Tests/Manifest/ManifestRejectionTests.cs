using System.Text.Json.Nodes;
using System.Text;
using Handoff.Shared.Manifest;
using Xunit;

namespace Handoff.Tests.Manifest;

public class ManifestRejectionTests
{
    private static ManifestException Rejects(JsonObject json, string field) => Rejects(ManifestSamples.Bytes(json), field);

    private static ManifestException Rejects(byte[] bytes, string field)
    {
        var e = Assert.Throws<ManifestException>(() => ManifestJson.Parse(bytes));
        Assert.Equal(field, e.Field);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        return e;
    }

    // ---- malformed input

    [Fact]
    public void Malformed_json_names_the_line_and_position()
    {
        var text = "{\n  \"manifestVersion\": 1,\n  \"exportId\" \"x\"\n}";

        var e = Rejects(Encoding.UTF8.GetBytes(text), "$");

        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 3, position 14", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_after_the_manifest_object_is_rejected()
    {
        var bytes = ManifestJson.Serialize(ManifestSamples.Parquet()).Concat("{}"u8.ToArray()).ToArray();

        var e = Rejects(bytes, "$");

        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_input_is_rejected_as_malformed()
    {
        var e = Rejects(Array.Empty<byte>(), "$");
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_rejected()
    {
        Rejects(Encoding.UTF8.GetBytes("{\"manifestVersion\": 1, // v1\n}"), "$");
        Rejects(Encoding.UTF8.GetBytes("{\"manifestVersion\": 1,}"), "$");
    }

    [Fact]
    public void A_document_that_is_not_an_object_is_rejected()
    {
        var e = Rejects("[1, 2]"u8.ToArray(), "$");
        Assert.Contains("must be an object, not an array", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_over_the_size_cap_is_refused_before_parsing()
    {
        var e = Rejects(new byte[ManifestJson.MaxBytes + 1], "$");
        Assert.Contains("64 MiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endless_stream_is_cut_off_at_the_size_cap()
    {
        await using var stream = new EndlessStream();

        var e = await Assert.ThrowsAsync<ManifestException>(() => ManifestJson.ReadAsync(stream, CancellationToken.None));

        Assert.Equal("$", e.Field);
        Assert.Contains("64 MiB", e.Message, StringComparison.Ordinal);
        Assert.True(stream.BytesRead <= ManifestJson.MaxBytes + 81920 * 2, $"read {stream.BytesRead} bytes");
    }

    // ---- version

    [Fact]
    public void Unknown_manifest_version_says_which_versions_are_supported()
    {
        var json = ManifestSamples.ParquetJson().Set("manifestVersion", 2).Set("newFieldInV2", true);

        var e = Rejects(json, "manifestVersion");

        Assert.Contains("version 2 is not supported", e.Message, StringComparison.Ordinal);
        Assert.Contains("supports manifestVersion 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_manifest_version_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Without("manifestVersion"), "manifestVersion");
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_version_as_text_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("manifestVersion", "1"), "manifestVersion");
        Assert.Contains("must be a whole number, not a string", e.Message, StringComparison.Ordinal);
    }

    // ---- shape: missing fields, wrong types, unknown fields

    [Theory]
    [InlineData("exportId")]
    [InlineData("createdAt")]
    [InlineData("source")]
    [InlineData("format")]
    [InlineData("schema")]
    [InlineData("rowCount")]
    [InlineData("files")]
    [InlineData("source.kind")]
    [InlineData("source.query")]
    [InlineData("source.queryHash")]
    [InlineData("format.type")]
    [InlineData("format.compression")]
    [InlineData("format.csv")]
    [InlineData("schema[1].name")]
    [InlineData("schema[1].type")]
    [InlineData("schema[1].nullable")]
    [InlineData("files[1].path")]
    [InlineData("files[1].rows")]
    [InlineData("files[1].bytes")]
    [InlineData("files[1].checksum")]
    public void Missing_required_field_is_named(string field)
    {
        var e = Rejects(ManifestSamples.ParquetJson().Without(field), field);
        Assert.Contains("is required but missing", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("delimiter")]
    [InlineData("quote")]
    [InlineData("escape")]
    [InlineData("quoteMode")]
    [InlineData("lineEnding")]
    public void Missing_csv_option_is_named(string option)
    {
        Rejects(ManifestSamples.CsvJson().Without($"format.csv.{option}"), $"format.csv.{option}");
    }

    [Theory]
    [InlineData("exportId", "5", "must be a string, not a number")]
    [InlineData("createdAt", "1700000000", "must be a string, not a number")]
    [InlineData("rowCount", "\"10\"", "must be a whole number, not a string")]
    [InlineData("rowCount", "10.5", "10.5 is not a whole number")]
    [InlineData("rowCount", "null", "must be a whole number, not null")]
    [InlineData("source", "[]", "must be an object, not an array")]
    [InlineData("format", "\"parquet\"", "must be an object, not a string")]
    [InlineData("schema", "{}", "must be an array, not an object")]
    [InlineData("files", "null", "must be an array, not null")]
    [InlineData("files[0]", "\"part-00000.parquet\"", "must be an object, not a string")]
    [InlineData("files[0].rows", "1e400", "is not a whole number")]
    [InlineData("files[0].bytes", "true", "must be a whole number, not a boolean")]
    [InlineData("files[0].path", "42", "must be a string, not a number")]
    [InlineData("schema[0].nullable", "\"false\"", "must be true or false, not a string")]
    [InlineData("schema[0].type", "null", "must be a string, not null")]
    [InlineData("source.query", "{}", "must be a string, not an object")]
    public void Wrong_json_type_is_named(string field, string valueJson, string message)
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set(field, JsonNode.Parse(valueJson)), field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("comment")]
    [InlineData("source.user")]
    [InlineData("format.level")]
    [InlineData("schema[0].comment")]
    [InlineData("files[1].size")]
    public void Unknown_property_is_rejected(string field)
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set(field, "x"), field);
        Assert.Contains("is not a manifest field", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_csv_option_is_rejected()
    {
        var e = Rejects(ManifestSamples.CsvJson().Set("format.csv.encoding", "latin1"), "format.csv.encoding");
        Assert.Contains("is not a manifest field", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_given_twice_is_rejected()
    {
        var text = Encoding.UTF8.GetString(ManifestJson.Serialize(ManifestSamples.Parquet()))
            .Replace("\"rowCount\": 10,", "\"rowCount\": 10,\n  \"rowCount\": 10,", StringComparison.Ordinal);

        var e = Rejects(Encoding.UTF8.GetBytes(text), "rowCount");

        Assert.Contains("appears twice", e.Message, StringComparison.Ordinal);
    }

    // ---- counts

    [Fact]
    public void Negative_row_count_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("rowCount", -1), "rowCount");
        Assert.Contains("-1 is negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_file_rows_are_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("files[1].rows", -4).Set("rowCount", 2), "files[1].rows");
        Assert.Contains("-4 is negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_file_bytes_are_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("files[0].bytes", -1234), "files[0].bytes");
        Assert.Contains("-1234 is negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_count_that_differs_from_the_files_sum_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("rowCount", 11), "rowCount");
        Assert.Contains("11 differs from the sum of files[].rows (10)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_rows_that_overflow_a_64_bit_sum_are_rejected()
    {
        var json = ManifestSamples.ParquetJson().Set("files[0].rows", long.MaxValue).Set("files[1].rows", long.MaxValue).Set("rowCount", long.MaxValue);
        var e = Rejects(json, "rowCount");
        Assert.Contains("64-bit", e.Message, StringComparison.Ordinal);
    }

    // ---- file paths

    [Fact]
    public void Duplicate_file_path_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("files[1].path", "part-00000.parquet"), "files[1].path");
        Assert.Contains("listed twice (also files[0].path)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_paths_differing_only_in_case_are_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("files[1].path", "PART-00000.parquet"), "files[1].path");
        Assert.Contains("name the same file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_path_in_decomposed_unicode_is_rejected_so_it_cannot_collide_with_the_composed_one()
    {
        var json = ManifestSamples.ParquetJson().Set("files[0].path", "caf\u00e9.parquet").Set("files[1].path", "cafe\u0301.parquet");
        var e = Rejects(json, "files[1].path");
        Assert.Contains("combining mark U+0301", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_paths_with_accented_letters_differing_only_in_case_are_rejected()
    {
        var json = ManifestSamples.ParquetJson().Set("files[0].path", "caf\u00e9.parquet").Set("files[1].path", "CAF\u00c9.parquet");
        var e = Rejects(json, "files[1].path");
        Assert.Contains("name the same file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../part-00001.parquet", "'..' segment")]
    [InlineData("data/../../other-export/part.parquet", "'..' segment")]
    [InlineData("..", "'..' segment")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:\\data\\part.parquet", "backslash")]
    [InlineData("C:/data/part.parquet", "':'")]
    [InlineData("\\\\server\\share\\part.parquet", "backslash")]
    [InlineData("data\\part.parquet", "backslash")]
    [InlineData("https://evil.example/part.parquet", "':'")]
    [InlineData("file:part.parquet", "':'")]
    [InlineData("file:///etc/passwd", "':'")]
    [InlineData("data//part.parquet", "empty segment")]
    [InlineData("data/", "empty segment")]
    [InlineData("./part.parquet", "'.' segment")]
    [InlineData("%2e%2e/part.parquet", "percent-encoding")]
    [InlineData("", "must not be empty")]
    [InlineData("part\u0000.parquet", "control character")]
    [InlineData("manifest.json", "reserved")]
    [InlineData(".DONE", "reserved")]
    public void File_path_that_could_escape_the_export_folder_is_rejected(string path, string reason)
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("files[1].path", path), "files[1].path");
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_path_over_the_length_limit_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("files[1].path", new string('a', 1025)), "files[1].path");
        Assert.Contains("the limit is 1024", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_and_hidden_file_paths_are_accepted()
    {
        var json = ManifestSamples.ParquetJson().Set("files[0].path", "2026/11/.part-0.parquet").Set("files[1].path", "a..b/part..1.parquet");
        var parsed = ManifestJson.Parse(ManifestSamples.Bytes(json));
        Assert.Equal("2026/11/.part-0.parquet", parsed.Files[0].Path);
    }

    // ---- checksums and hashes

    [Theory]
    [InlineData("md5:F6A3BB0213684848037751F7390347F9")]
    [InlineData("f6a3bb0213684848037751f7390347f9")]
    [InlineData("md5:f6a3bb0213684848037751f7390347f")]
    [InlineData("md5:f6a3bb0213684848037751f7390347f9aa")]
    [InlineData("md5:z6a3bb0213684848037751f7390347f9")]
    [InlineData("sha1:f6a3bb0213684848037751f7390347f9")]
    [InlineData("MD5:f6a3bb0213684848037751f7390347f9")]
    public void Checksum_not_md5_hex_is_rejected(string checksum)
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("files[1].checksum", checksum), "files[1].checksum");
        Assert.Contains("32 lowercase hex digits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_hash_that_is_not_sha256_hex_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("source.queryHash", "md5:f6a3bb0213684848037751f7390347f9"), "source.queryHash");
        Assert.Contains("64 lowercase hex digits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_hash_of_another_query_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("source.query", "SELECT * FROM other"), "source.queryHash");
        Assert.Contains("is not the hash of source.query", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_source_kind_is_rejected()
    {
        Rejects(ManifestSamples.ParquetJson().Set("source.kind", ""), "source.kind");
    }

    // ---- schema

    [Fact]
    public void Column_name_with_a_forbidden_character_names_the_column_index()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("schema[1].name", "total amount"), "schema[1].name");
        Assert.Contains("a space", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_names_colliding_ignoring_case_name_the_second_column()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("schema[1].name", "Customer_ID"), "schema[1].name");
        Assert.Contains("collide", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_column_name_is_rejected()
    {
        Rejects(ManifestSamples.ParquetJson().Set("schema[0].name", ""), "schema[0].name");
    }

    [Fact]
    public void Empty_schema_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("schema", new JsonArray()), "schema");
        Assert.Contains("at least one column", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("varchar(10)")]
    [InlineData("decimal(39,2)")]
    [InlineData("decimal(5,6)")]
    [InlineData("timestamp_ntz")]
    [InlineData("array<int>")]
    [InlineData("")]
    public void Unsupported_column_type_is_rejected(string type)
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("schema[1].type", type), "schema[1].type");
        Assert.Contains("is not a supported column type", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bigint", "long")]
    [InlineData("INTEGER", "integer")]
    [InlineData("decimal", "decimal(10,0)")]
    [InlineData("decimal(18, 2)", "decimal(18,2)")]
    public void Column_type_alias_is_rejected_with_the_manifest_spelling(string type, string canonical)
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("schema[1].type", type), "schema[1].type");
        Assert.Contains($"write '{canonical}'", e.Message, StringComparison.Ordinal);
    }

    // ---- export id and created at

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("..")]
    [InlineData("../other")]
    [InlineData("a/b")]
    [InlineData("daily 2026")]
    [InlineData("daily:2026")]
    [InlineData("exp\u00f6rt")]
    public void Invalid_export_id_is_rejected(string exportId)
    {
        Rejects(ManifestSamples.ParquetJson().Set("exportId", exportId), "exportId");
    }

    [Fact]
    public void Export_id_over_128_characters_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("exportId", new string('x', 129)), "exportId");
        Assert.Contains("the limit is 128", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_id_of_128_allowed_characters_is_accepted()
    {
        var id = "A-z_0." + new string('x', 122);
        Assert.Equal(id, ManifestJson.Parse(ManifestSamples.Bytes(ManifestSamples.ParquetJson().Set("exportId", id))).ExportId);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-11-25 10:00:00Z")]
    [InlineData("2026-11-25T10:00:00")]
    [InlineData("2026-13-25T10:00:00Z")]
    [InlineData("2026-11-25")]
    public void Created_at_that_is_not_an_iso_timestamp_with_zone_is_rejected(string createdAt)
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("createdAt", createdAt), "createdAt");
        Assert.Contains("ISO-8601", e.Message, StringComparison.Ordinal);
    }

    // ---- format

    [Fact]
    public void Unknown_format_type_is_rejected()
    {
        var e = Rejects(ManifestSamples.ParquetJson().Set("format.type", "orc"), "format.type");
        Assert.Contains("parquet, avro, csv, json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parquet", "deflate")]
    [InlineData("parquet", "SNAPPY")]
    [InlineData("avro", "gzip")]
    [InlineData("json", "snappy")]
    [InlineData("csv", "zstd")]
    public void Compression_the_format_does_not_support_is_rejected(string type, string compression)
    {
        var json = (type == "csv" ? ManifestSamples.CsvJson() : ManifestSamples.ParquetJson()).Set("format.type", type).Set("format.compression", compression);
        var e = Rejects(json, "format.compression");
        Assert.Contains($"is not a compression for {type}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_format_without_options_is_rejected()
    {
        var e = Rejects(ManifestSamples.CsvJson().Set("format.csv", null), "format.csv");
        Assert.Contains("is required for csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_options_on_a_parquet_export_are_rejected()
    {
        var json = ManifestSamples.ParquetJson().Set("format.csv", ManifestSamples.CsvJson()["format"]!["csv"]!.DeepClone());
        var e = Rejects(json, "format.csv");
        Assert.Contains("must be null for parquet", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("delimiter", "\"\"", "exactly one character")]
    [InlineData("delimiter", "\",,\"", "exactly one character")]
    [InlineData("delimiter", "\"\\n\"", "line break")]
    [InlineData("quote", "\"\\r\"", "line break")]
    [InlineData("quote", "\"\\t\"", "also the delimiter")]
    [InlineData("escape", "\"\\t\"", "also the delimiter")]
    [InlineData("quoteMode", "\"sometimes\"", "all, nonNull, needed, none")]
    [InlineData("quoteMode", "\"Needed\"", "is not a quote mode")]
    [InlineData("lineEnding", "\"\\r\"", "use \"\\n\" or \"\\r\\n\"")]
    [InlineData("lineEnding", "\"\"", "is not supported")]
    [InlineData("header", "\"yes\"", "must be true or false")]
    public void Invalid_csv_option_is_named(string option, string valueJson, string message)
    {
        var field = $"format.csv.{option}";
        var e = Rejects(ManifestSamples.CsvJson().Set(field, JsonNode.Parse(valueJson)), field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
