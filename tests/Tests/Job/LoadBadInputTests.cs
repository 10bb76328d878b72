using Xunit;
using Handoff.Tests.Support;

namespace Handoff.Tests.Job;

/// <summary>Bad manifests, bad data and bad tables: a clear error, exit 2, and nothing committed.</summary>
public sealed class LoadBadInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Table => _temp.Combine("table");

    [Theory]
    [InlineData("\"manifestVersion\": 1", "\"manifestVersion\": 99", "manifestVersion")]
    [InlineData("\"rowCount\": 100", "\"rowCount\": -100", "rowCount")]
    [InlineData("\"path\": \"part-00000.parquet\"", "\"path\": \"../part-00000.parquet\"", "files[0].path")]
    [InlineData("\"path\": \"part-00000.parquet\"", "\"path\": \"/etc/passwd\"", "files[0].path")]
    [InlineData("\"path\": \"part-00000.parquet\"", "\"path\": \"https://evil.example/x.parquet\"", "files[0].path")]
    [InlineData("\"name\": \"email\"", "\"name\": \"e mail\"", "schema")]
    [InlineData("\"name\": \"email\"", "\"name\": \"CUSTOMER_ID\"", "schema")]
    [InlineData("{", "{{", "JSON")]
    public async Task Bad_manifests_are_refused_by_field(string find, string replace, string field)
    {
        var manifest = await ExportAsync("parquet", 100);
        await ManifestEdits.RewriteTextAsync(manifest, text => ReplaceFirst(text, find, replace));

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table);

        AssertRefused(load, field);
    }

    [Fact]
    public async Task A_listed_file_that_is_missing_is_refused()
    {
        var manifest = await ExportAsync("parquet", 100);
        File.Delete(Path.Combine(Path.GetDirectoryName(manifest)!, "part-00000.parquet"));

        AssertRefused(await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table), "missing");
    }

    [Fact]
    public async Task A_file_of_the_wrong_size_is_refused()
    {
        var manifest = await ExportAsync("csv", 100);
        await File.AppendAllTextAsync(Path.Combine(Path.GetDirectoryName(manifest)!, "part-00000.csv"), "1,2,3\n");

        AssertRefused(await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table), "bytes");
    }

    [Fact]
    public async Task A_file_with_the_wrong_checksum_is_refused()
    {
        var manifest = await ExportAsync("csv", 100);
        var data = Path.Combine(Path.GetDirectoryName(manifest)!, "part-00000.csv");
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[^2] = (byte)(bytes[^2] == (byte)'x' ? 'y' : 'x');
        await File.WriteAllBytesAsync(data, bytes);

        AssertRefused(await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table), "checksum");
    }

    [Fact]
    public async Task An_export_without_a_manifest_is_refused()
    {
        var manifest = await ExportAsync("parquet", 10);
        File.Delete(manifest);

        AssertRefused(await Cli.SparkJobAsync("load", "--manifest", Path.GetDirectoryName(manifest)!, "--table", Table), "no manifest");
    }

    [Theory]
    [InlineData("1,2\n", "expected")]
    [InlineData(null, "is not")]
    public async Task Csv_that_does_not_match_the_schema_is_refused(string? replacementBody, string message)
    {
        var manifest = await ExportAsync("csv", 20);
        var data = Path.Combine(Path.GetDirectoryName(manifest)!, "part-00000.csv");
        var lines = (await File.ReadAllLinesAsync(data)).ToList();
        if (replacementBody is null)
        {
            // The first column is customer_id (long): put a word there.
            lines[1] = "not-a-number" + lines[1][lines[1].IndexOf(',', StringComparison.Ordinal)..];
        }
        else
        {
            lines[1] = replacementBody.TrimEnd('\n');
        }

        await File.WriteAllTextAsync(data, string.Join('\n', lines) + "\n");
        await MatchFileAsync(manifest, data);

        AssertRefused(await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table), message);
    }

    [Fact]
    public async Task Text_that_is_not_utf8_is_refused()
    {
        var manifest = await ExportAsync("json", 5);
        var data = Path.Combine(Path.GetDirectoryName(manifest)!, "part-00000.json");
        var bytes = (await File.ReadAllBytesAsync(data)).ToList();
        var quote = bytes.IndexOf((byte)'"', 10);
        bytes.Insert(quote + 1, 0xFF);
        await File.WriteAllBytesAsync(data, bytes.ToArray());
        await MatchFileAsync(manifest, data);

        AssertRefused(await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table), "UTF-8");
    }

    [Fact]
    public async Task A_truncated_parquet_file_is_refused()
    {
        var manifest = await ExportAsync("parquet", 1000);
        var data = Path.Combine(Path.GetDirectoryName(manifest)!, "part-00000.parquet");
        var bytes = await File.ReadAllBytesAsync(data);
        await File.WriteAllBytesAsync(data, bytes[..(bytes.Length / 2)]);
        await MatchFileAsync(manifest, data);

        AssertRefused(await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table), "Parquet");
    }

    [Fact]
    public async Task A_folder_that_is_not_a_delta_table_is_refused()
    {
        var manifest = await ExportAsync("parquet", 10);
        Directory.CreateDirectory(Table);
        await File.WriteAllTextAsync(Path.Combine(Table, "notes.txt"), "someone else's files");

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("not a Delta table", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Table, "_delta_log")));
    }

    [Fact]
    public async Task A_table_with_an_unsupported_reader_feature_is_refused_by_name()
    {
        var manifest = await ExportAsync("parquet", 10);
        Directory.CreateDirectory(Path.Combine(Table, "_delta_log"));
        await File.WriteAllTextAsync(Path.Combine(Table, "_delta_log", "00000000000000000000.json"),
            "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"futureMagic\"],\"writerFeatures\":[\"futureMagic\"]}}\n" +
            "{\"metaData\":{\"id\":\"00000000-0000-0000-0000-000000000000\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[]}\",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":0}}\n");

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("futureMagic", load.Error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(Table, "_delta_log")));
    }

    [Fact]
    public async Task Appending_an_incompatible_schema_names_the_columns()
    {
        var first = await ExportAsync("parquet", 10, "e1");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", first, "--table", Table)).ExitCode);
        var other = await Cli.ExporterAsync("export", "--source", "duckdb::memory:", "--query", "SELECT 1::BIGINT AS customer_id, 'x' AS nickname", "--to", _temp.Combine("exports"), "--export-id", "other", "--json");
        Assert.True(other.ExitCode == 0, other.ToString());

        var append = await Cli.SparkJobAsync("load", "--manifest", other.Json().GetProperty("manifest").GetString()!, "--table", Table, "--mode", "append");

        Assert.True(append.ExitCode == 2, append.ToString());
        Assert.Contains("'nickname'", append.Error, StringComparison.Ordinal);
        Assert.Contains("'email'", append.Error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(Table, "_delta_log"), "*.json"));
    }

    [Fact]
    public async Task A_manifest_that_leaves_out_a_column_of_the_parquet_files_is_refused_naming_it()
    {
        var manifest = await ExportAsync("parquet", 50);
        await ManifestEdits.RewriteAsync(manifest, m => m with { Schema = new Handoff.Shared.Schema.TableSchema(m.Schema.Where(c => c.Name != "churn_score")) });

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table);

        AssertRefused(load, "columns differ from the manifest's schema");
        Assert.Contains("'churn_score'", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Table), "nothing was copied either");
    }

    [Fact]
    public async Task A_manifest_that_lists_a_column_the_parquet_files_lack_is_refused_naming_it()
    {
        var manifest = await ExportAsync("parquet", 50);
        await ManifestEdits.RewriteAsync(manifest, m => m with { Schema = new Handoff.Shared.Schema.TableSchema([.. m.Schema, new Handoff.Shared.Schema.Column("loyalty_points", Handoff.Shared.Schema.LogicalType.Long, true)]) });

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table);

        AssertRefused(load, "'loyalty_points', which the file lacks");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_folder_of_stray_data_files_is_refused_with_or_without_an_empty_delta_log(bool emptyDeltaLog)
    {
        var manifest = await ExportAsync("parquet", 10);
        Directory.CreateDirectory(Path.Combine(Table, "x"));
        File.Copy(Path.Combine(Path.GetDirectoryName(manifest)!, "part-00000.parquet"), Path.Combine(Table, "x", "part-00000.parquet"));
        if (emptyDeltaLog)
        {
            Directory.CreateDirectory(Path.Combine(Table, "_delta_log"));
        }

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table, "--mode", "append");

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("not a Delta table", load.Error, StringComparison.Ordinal);
        Assert.Contains("x/part-00000.parquet", load.Error, StringComparison.Ordinal);
        Assert.Equal(["part-00000.parquet"], Directory.GetFiles(Table, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Theory]
    [InlineData("append")]
    [InlineData("overwrite")]
    public async Task A_load_refused_for_an_unsupported_writer_feature_leaves_the_table_folder_byte_for_byte(string mode)
    {
        var first = await ExportAsync("csv", 20, "e1");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", first, "--table", Table)).ExitCode);

        // A writer (Spark, say) upgraded the table to a writer feature we do not implement.
        await File.WriteAllTextAsync(Path.Combine(Table, "_delta_log", "00000000000000000001.json"),
            "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"SET TBLPROPERTIES\",\"operationParameters\":{}}}\n" +
            "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"appendOnly\",\"futureWriterMagic\"]}}\n");
        var before = FolderBytes(Table);
        var second = await ExportAsync("csv", 20, "e2");

        var load = await Cli.SparkJobAsync("load", "--manifest", second, "--table", Table, "--mode", mode);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("futureWriterMagic", load.Error, StringComparison.Ordinal);
        Assert.Equal(before, FolderBytes(Table));
    }

    /// <summary>Every file under a folder, hidden ones too, with its bytes.</summary>
    private static SortedDictionary<string, string> FolderBytes(string folder) => new(
        Directory.GetFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(File.ReadAllBytes(f))),
        StringComparer.Ordinal);

    private void AssertRefused(CliResult result, string message)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(Path.Combine(Table, "_delta_log")), "nothing may be committed");
    }

    /// <summary>Makes the manifest agree with a tampered file's size and checksum, so the data itself is what gets checked.</summary>
    private static async Task MatchFileAsync(string manifest, string data)
    {
        var bytes = await File.ReadAllBytesAsync(data);
        var checksum = Handoff.Shared.Manifest.ManifestFile.Md5Checksum(System.Security.Cryptography.MD5.HashData(bytes));
        await ManifestEdits.RewriteAsync(manifest, m => m with { Files = m.Files.Select(f => f with { Bytes = bytes.Length, Checksum = checksum }).ToList() });
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the manifest:\n{text}");
        return string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length));
    }

    private async Task<string> ExportAsync(string format, int rows, string exportId = "e1")
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", format, "--to", _temp.Combine("exports"), "--export-id", exportId, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }
}
