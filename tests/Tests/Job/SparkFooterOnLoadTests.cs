using System.Security.Cryptography;
using System.Text;
using Handoff.Shared.Manifest;
using Handoff.Tests.Formats;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// A Parquet export whose footer does not name a Spark 3 writer (one written before we set the
/// key, or by another writer) holds dates Spark 3.x would read under its session's rebase mode,
/// which by default fails on dates before 1582-10-15 (apache/spark DataSourceUtils.getRebaseSpec).
/// The load rewrites such a file instead of copying it, so every data file of the table carries
/// the key; a file that names Spark 3 is copied as it is. Read by DuckDB, not by our reader.
/// </summary>
public sealed class SparkFooterOnLoadTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_export_without_the_spark_version_key_is_rewritten_with_it_and_reads_the_same_rows()
    {
        var manifestPath = await ExportAsync("old-writer");
        await HideSparkVersionKeyAsync(manifestPath);
        var exported = Path.Combine(Path.GetDirectoryName(manifestPath)!, "part-00000.parquet");
        Assert.False(SparkVersionOf(exported) is not null, "the edit should have hidden the key");

        var load = await Cli.SparkJobAsync("load", "--manifest", manifestPath, "--table", _temp.Combine("table"), "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        var tableFile = Assert.Single(TableDataFiles());
        Assert.Equal("3.5.0", SparkVersionOf(tableFile));
        Assert.Equal(
            DuckDb.Query($"SELECT count(*), sum(hash(customer_id, birth_date, created_at)) FROM read_parquet({DuckDb.Literal(exported)})").Single(),
            DuckDb.Query($"SELECT count(*), sum(hash(customer_id, birth_date, created_at)) FROM read_parquet({DuckDb.Literal(tableFile)})").Single());
    }

    [Fact]
    public async Task An_export_that_names_spark_3_is_copied_as_it_is()
    {
        var manifestPath = await ExportAsync("new-writer");
        var exported = Path.Combine(Path.GetDirectoryName(manifestPath)!, "part-00000.parquet");

        var load = await Cli.SparkJobAsync("load", "--manifest", manifestPath, "--table", _temp.Combine("table"), "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(exported), await File.ReadAllBytesAsync(Assert.Single(TableDataFiles())));
    }

    private IEnumerable<string> TableDataFiles() =>
        Directory.EnumerateFiles(_temp.Combine("table"), "*.parquet", SearchOption.AllDirectories)
            .Where(p => !p.Contains("_delta_log", StringComparison.Ordinal));

    private async Task<string> ExportAsync(string exportId)
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "2000", "--format", "parquet", "--to", _temp.Combine("exports"), "--export-id", exportId, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }

    /// <summary>
    /// Renames the footer's key in place (same length, so the Thrift lengths stay right) and
    /// records the file's new MD5 in the manifest: what a file from a writer that sets no key looks like.
    /// </summary>
    private static async Task HideSparkVersionKeyAsync(string manifestPath)
    {
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestPath));
        var files = new List<ManifestFile>();
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(Path.GetDirectoryName(manifestPath)!, file.Path);
            var bytes = await File.ReadAllBytesAsync(path);
            var key = Encoding.ASCII.GetBytes("org.apache.spark.version");
            var at = bytes.AsSpan().LastIndexOf(key);
            Assert.True(at > 0, "the footer should carry the key before the edit");
            Encoding.ASCII.GetBytes("org.example.other.value!").CopyTo(bytes, at);
            await File.WriteAllBytesAsync(path, bytes);
            files.Add(file with { Checksum = ManifestFile.Md5Checksum(MD5.HashData(bytes)) });
        }

        await File.WriteAllBytesAsync(manifestPath, ManifestJson.Serialize(manifest with { Files = files }));
    }

    private static string? SparkVersionOf(string path) =>
        DuckDb.Query($"SELECT decode(value) FROM parquet_kv_metadata({DuckDb.Literal(path)}) WHERE decode(key) = 'org.apache.spark.version'")
            .Select(r => (string?)r[0]).SingleOrDefault();
}
