using Xunit;
using System.Text.Json;
using Handoff.Shared.Manifest;
using Handoff.Tests.Support;

namespace Handoff.Tests.Export;

/// <summary>The export command on a local folder: what a user sees and what lands on disk.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("parquet", ".parquet")]
    [InlineData("avro", ".avro")]
    [InlineData("csv", ".csv")]
    [InlineData("json", ".json")]
    public async Task Sample_export_commits_files_then_manifest_and_reports_json(string format, string extension)
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "1500", "--format", format, "--to", _temp.Path, "--export-id", "e1", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("e1", json.GetProperty("exportId").GetString());
        Assert.Equal(1500, json.GetProperty("rowCount").GetInt64());
        Assert.Equal(_temp.Combine("e1", "manifest.json"), json.GetProperty("manifest").GetString());
        Assert.True(json.GetProperty("elapsedMs").GetInt64() >= 0);
        var file = Assert.Single(json.GetProperty("files").EnumerateArray());
        Assert.Equal("part-00000" + extension, file.GetProperty("path").GetString());

        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(_temp.Combine("e1", "manifest.json")));
        Assert.Equal(1500, manifest.RowCount);
        var written = new FileInfo(_temp.Combine("e1", "part-00000" + extension));
        Assert.Equal(written.Length, manifest.Files[0].Bytes);
        Assert.Equal(ManifestFile.Md5Checksum(await Md5Async(written.FullName)), manifest.Files[0].Checksum);
        Assert.True(manifest.Schema.Count >= 18, $"the sample has about 20 columns, got {manifest.Schema.Count}");
        Assert.Equal("duckdb", manifest.Source.Kind);
    }

    [Fact]
    public async Task Human_summary_names_the_export_rows_and_files()
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "10", "--format", "parquet", "--to", _temp.Path, "--export-id", "human");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("export human committed", result.Out, StringComparison.Ordinal);
        Assert.Contains("part-00000.parquet", result.Out, StringComparison.Ordinal);
        Assert.Contains("rows      10", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_by_rows_gives_full_files_and_a_remainder()
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "2500", "--format", "csv", "--split-rows", "1000", "--to", _temp.Path, "--export-id", "split", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Json().GetProperty("files").EnumerateArray().Select(f => f.GetProperty("rows").GetInt64()).ToArray();
        Assert.Equal(new long[] { 1000, 1000, 500 }, rows);
        Assert.Equal(3, Directory.GetFiles(_temp.Combine("split"), "part-*.csv").Length);
    }

    [Fact]
    public async Task Split_by_megabytes_keeps_every_file_near_the_limit()
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "40000", "--format", "json", "--split-mb", "2", "--batch-rows", "1000", "--to", _temp.Path, "--export-id", "mb", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var files = result.Json().GetProperty("files").EnumerateArray().ToArray();
        Assert.True(files.Length >= 3, $"expected several files, got {files.Length}");
        Assert.All(files[..^1], f => Assert.InRange(f.GetProperty("bytes").GetInt64(), 2_000_000, 2_600_000));
        Assert.Equal(40000, files.Sum(f => f.GetProperty("rows").GetInt64()));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task Values_longer_than_a_write_block_land_whole_with_the_right_checksum(string format)
    {
        // 1.5 MB values do not fit the 1 MB blocks the text writers fill in place; short rows
        // between them do, so both paths and their order are exercised.
        const string query = "SELECT i, CASE WHEN i % 2 = 0 THEN repeat(chr(97 + (i % 26)::INT), 1500000 + i) ELSE 'short ' || i END AS text FROM range(7) t(i)";
        var result = await Cli.ExporterAsync("export", "--source", "duckdb::memory:", "--query", query, "--format", format, "--to", _temp.Path, "--export-id", "long", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(_temp.Combine("long", "manifest.json")));
        var written = _temp.Combine("long", manifest.Files[0].Path);
        Assert.Equal(new FileInfo(written).Length, manifest.Files[0].Bytes);
        Assert.Equal(ManifestFile.Md5Checksum(await Md5Async(written)), manifest.Files[0].Checksum);
        var reader = format == "csv" ? "read_csv" : "read_json";
        var rows = Formats.DuckDb.Query($"SELECT i, length(text), left(text, 6) FROM {reader}({Formats.DuckDb.Literal(written)}) ORDER BY i");
        Assert.Equal(7, rows.Count);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal((long)(i % 2 == 0 ? 1_500_000 + i : $"short {i}".Length), Convert.ToInt64(rows[i][1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(i % 2 == 0 ? new string((char)('a' + i), 6) : $"short {i}"[..6], rows[i][2]);
        }
    }

    [Fact]
    public async Task File_name_template_and_success_file()
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "100", "--format", "csv", "--compression", "gzip", "--file-name-template", "customers_{exportId}_{n:000}", "--success-file", "--to", _temp.Path, "--export-id", "t1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(_temp.Combine("t1", "customers_t1_000.csv.gz")));
        Assert.True(File.Exists(_temp.Combine("t1", ".DONE")));
    }

    [Fact]
    public async Task Csv_dialect_is_recorded_in_the_manifest()
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "5", "--format", "csv", "--csv-delimiter", "pipe", "--csv-quote-mode", "all", "--csv-line-ending", "crlf", "--csv-header", "false", "--to", _temp.Path, "--export-id", "dialect");

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(_temp.Combine("dialect", "manifest.json")));
        var csv = manifest.Format.Csv!;
        Assert.Equal('|', csv.Delimiter);
        Assert.False(csv.Header);
        Assert.Equal("\r\n", csv.LineEnding);
        var text = await File.ReadAllTextAsync(_temp.Combine("dialect", "part-00000.csv"));
        Assert.Equal(5, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_result_still_commits_one_file_with_the_schema()
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "0", "--format", "parquet", "--to", _temp.Path, "--export-id", "empty", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, result.Json().GetProperty("rowCount").GetInt64());
        Assert.Single(result.Json().GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task Help_documents_the_exit_codes()
    {
        var result = await Cli.ExporterAsync("export", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 bad arguments or input", result.Out, StringComparison.Ordinal);
        Assert.Contains("--split-mb", result.Out, StringComparison.Ordinal);
    }

    private static async Task<byte[]> Md5Async(string path)
    {
        await using var stream = File.OpenRead(path);
        return await System.Security.Cryptography.MD5.HashDataAsync(stream);
    }
}
