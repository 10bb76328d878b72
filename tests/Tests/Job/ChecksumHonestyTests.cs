using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// A checksum reported as verified was computed from the bytes, and the report says when it was
/// only stored: 8 bytes overwritten in place, with the file's mtime (and on Blob its Content-MD5)
/// set back afterwards, as the fault campaign did.
/// </summary>
public sealed class ChecksumHonestyTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Table => _temp.Combine("table");

    [Theory]
    [InlineData("parquet")]
    [InlineData("csv")]
    public async Task Load_refuses_a_file_changed_in_place_with_its_mtime_restored(string format)
    {
        var manifest = await ExportAsync(format);
        CorruptInPlace(DataFile(manifest, format));

        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("checksum", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Table, "_delta_log")), "nothing was committed");
    }

    [Fact]
    public async Task Validate_recomputes_a_local_file_changed_in_place_and_verify_data_rehashes_every_file()
    {
        var manifest = await ExportAsync("parquet");
        var load = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table, "--json");
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal("file part-00000.parquet checksum (recomputed MD5)", ChecksumCheck(load)?.GetProperty("name").GetString());

        // Untouched, plain validate trusts what this machine computed while the file is unchanged: "stored".
        var plain = await Cli.SparkJobAsync("validate", "--manifest", manifest, "--table", Table, "--json");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal("file part-00000.parquet checksum (stored MD5)", ChecksumCheck(plain)?.GetProperty("name").GetString());
        var verified = await Cli.SparkJobAsync("validate", "--manifest", manifest, "--table", Table, "--verify-data", "--json");
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Equal("file part-00000.parquet checksum (recomputed MD5)", ChecksumCheck(verified)?.GetProperty("name").GetString());

        CorruptInPlace(DataFile(manifest, "parquet"));

        // The edit changed the ctime, so the cached MD5 no longer counts: both hash the bytes and fail.
        foreach (var args in new[] { Array.Empty<string>(), ["--verify-data"] })
        {
            var validate = await Cli.SparkJobAsync(["validate", "--manifest", manifest, "--table", Table, "--json", .. args]);
            Assert.True(validate.ExitCode == 1, validate.ToString());
            var check = ChecksumCheck(validate)!.Value;
            Assert.Equal("file part-00000.parquet checksum (recomputed MD5)", check.GetProperty("name").GetString());
            Assert.Equal("failed", check.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Validate_fails_when_a_live_data_file_of_the_table_is_gone()
    {
        var manifest = await ExportAsync("parquet");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Table)).ExitCode);
        File.Delete(Directory.GetFiles(Path.Combine(Table, "e1"), "*.parquet", SearchOption.AllDirectories).Single());

        var validate = await Cli.SparkJobAsync("validate", "--manifest", manifest, "--table", Table, "--json");

        Assert.True(validate.ExitCode == 1, validate.ToString());
        var check = Checks(validate).Single(c => c.GetProperty("name").GetString() == "table data files");
        Assert.Equal("failed", check.GetProperty("status").GetString());
        Assert.Contains("(missing)", check.GetProperty("actual").GetString(), StringComparison.Ordinal);
    }

    internal static void CorruptInPlace(string path)
    {
        var mtime = File.GetLastWriteTimeUtc(path);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length / 2;
            file.Write("CORRUPT!"u8);
        }

        File.SetLastWriteTimeUtc(path, mtime);
    }

    internal static IEnumerable<JsonElement> Checks(CliResult result) =>
        result.Json().GetProperty("report").GetProperty("checks").EnumerateArray();

    internal static JsonElement? ChecksumCheck(CliResult result) =>
        Checks(result).Where(c => c.GetProperty("name").GetString()!.StartsWith("file part-00000.", StringComparison.Ordinal) && c.GetProperty("name").GetString()!.Contains("checksum", StringComparison.Ordinal)).Cast<JsonElement?>().SingleOrDefault();

    private static string DataFile(string manifest, string format) => Path.Combine(Path.GetDirectoryName(manifest)!, $"part-00000.{format}");

    private async Task<string> ExportAsync(string format)
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "500", "--format", format, "--to", _temp.Combine("exports"), "--export-id", "e1", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }
}

/// <summary>On Blob Storage the stored MD5 is Content-MD5: plain validate says it trusted it, --verify-data hashes the bytes.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChecksumHonestyOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_blob_rewritten_with_its_old_content_md5_passes_plain_validate_as_stored_and_fails_verify_data()
    {
        var container = await azurite.CreateContainerAsync();
        var credentials = new[] { "--connection-string", azurite.ConnectionString };
        var export = await Cli.ExporterAsync(["export", "--sample-rows", "500", "--to", azurite.BlobLocation(container, "exports"), "--export-id", "e1", "--json", .. credentials]);
        var manifest = export.Json().GetProperty("manifest").GetString()!;
        var table = azurite.BlobLocation(container, "table");
        var load = await Cli.SparkJobAsync(["load", "--manifest", manifest, "--table", table, "--json", .. credentials]);
        Assert.True(load.ExitCode == 0, load.ToString());

        // Within one account the file was copied by the service, whose bytes never passed through
        // the job: the load's report says it compared the MD5 storage keeps.
        Assert.Equal("file part-00000.parquet checksum (stored MD5)", ChecksumHonestyTests.ChecksumCheck(load)?.GetProperty("name").GetString());

        // Overwrite 8 bytes in place, keeping the blob's Content-MD5 header as it was.
        var blob = azurite.ServiceClient().GetBlobContainerClient(container).GetBlobClient("exports/e1/part-00000.parquet");
        var properties = (await blob.GetPropertiesAsync()).Value;
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        "CORRUPT!"u8.CopyTo(bytes.AsSpan(bytes.Length / 2));
        // A block list's Content-MD5 property is set by the client and not checked by the service.
        var blocks = azurite.ServiceClient().GetBlobContainerClient(container).GetBlockBlobClient("exports/e1/part-00000.parquet");
        var blockId = Convert.ToBase64String("block-0"u8.ToArray());
        await blocks.StageBlockAsync(blockId, new MemoryStream(bytes));
        await blocks.CommitBlockListAsync([blockId], new Azure.Storage.Blobs.Models.CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentHash = properties.ContentHash } });

        var plain = await Cli.SparkJobAsync(["validate", "--manifest", manifest, "--table", table, "--json", .. credentials]);
        var verified = await Cli.SparkJobAsync(["validate", "--manifest", manifest, "--table", table, "--verify-data", "--json", .. credentials]);

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal("file part-00000.parquet checksum (stored MD5)", ChecksumHonestyTests.ChecksumCheck(plain)?.GetProperty("name").GetString());
        Assert.True(verified.ExitCode == 1, verified.ToString());
        Assert.Equal("file part-00000.parquet checksum (recomputed MD5)", ChecksumHonestyTests.ChecksumCheck(verified)?.GetProperty("name").GetString());
        Assert.Equal("failed", ChecksumHonestyTests.ChecksumCheck(verified)?.GetProperty("status").GetString());

        // A load that streams the bytes through the job (into a local table) hashes them and refuses the file.
        using var local = new TempFolder();
        var reload = await Cli.SparkJobAsync(["load", "--manifest", manifest, "--table", local.Combine("table"), .. credentials]);
        Assert.True(reload.ExitCode == 2, reload.ToString());
        Assert.Contains("checksum mismatch", reload.Error, StringComparison.Ordinal);
    }
}
