using Azure.Storage.Blobs;
using Handoff.Shared.Manifest;
using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Export;

/// <summary>The whole export path against Azurite, the real Azure Storage emulator.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExportToAzuriteTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("parquet")]
    [InlineData("csv")]
    public async Task Export_uploads_files_with_content_md5_then_the_manifest(string format)
    {
        var container = await azurite.CreateContainerAsync();
        var to = azurite.BlobLocation(container, "amperity/daily");

        var result = await Cli.ExporterAsync("export", "--sample-rows", "5000", "--format", format, "--split-rows", "2000", "--to", to, "--export-id", "e1", "--success-file", "--connection-string", azurite.ConnectionString, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{to}/e1/manifest.json", result.Json().GetProperty("manifest").GetString());
        var client = azurite.ServiceClient().GetBlobContainerClient(container);
        var manifest = ManifestJson.Parse((await client.GetBlobClient("amperity/daily/e1/manifest.json").DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(new long[] { 2000, 2000, 1000 }, manifest.Files.Select(f => f.Rows).ToArray());
        foreach (var file in manifest.Files)
        {
            var properties = (await client.GetBlobClient($"amperity/daily/e1/{file.Path}").GetPropertiesAsync()).Value;
            Assert.Equal(file.Bytes, properties.ContentLength);
            Assert.Equal(file.Md5(), properties.ContentHash);
        }

        Assert.True((await client.GetBlobClient("amperity/daily/e1/.DONE").ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_missing_container_is_an_error_unless_create_container_is_given()
    {
        var container = AzuriteFixture.NewContainerName();
        var to = azurite.BlobLocation(container, "x");

        var refused = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", to, "--export-id", "e1", "--connection-string", azurite.ConnectionString);
        Assert.True(refused.ExitCode == 4, refused.ToString());
        Assert.Contains("--create-container", refused.Error, StringComparison.Ordinal);
        Assert.False((await azurite.ServiceClient().GetBlobContainerClient(container).ExistsAsync()).Value);

        var created = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", to, "--export-id", "e1", "--connection-string", azurite.ConnectionString, "--create-container");
        Assert.True(created.ExitCode == 0, created.ToString());
    }

    [Fact]
    public async Task Wrong_credentials_are_a_storage_error_that_never_echoes_the_key()
    {
        var container = await azurite.CreateContainerAsync();
        const string wrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXk=";
        var connection = azurite.ConnectionString.Replace(AzuriteFixture.AccountKey, wrongKey, StringComparison.Ordinal);

        var result = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", azurite.BlobLocation(container, "x"), "--export-id", "e1", "--connection-string", connection, "--json");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.DoesNotContain(wrongKey, result.Out + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey[..20], result.Out + result.Error, StringComparison.Ordinal);
        Assert.Empty(azurite.ServiceClient().GetBlobContainerClient(container).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None));
    }

    [Fact]
    public async Task Unreachable_storage_is_a_storage_error()
    {
        var closedPort = FreePort.Next();
        var connection = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};BlobEndpoint=http://127.0.0.1:{closedPort}/{AzuriteFixture.AccountName};";

        var result = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", $"http://127.0.0.1:{closedPort}/{AzuriteFixture.AccountName}/c01/x", "--export-id", "e1", "--connection-string", connection);

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("127.0.0.1", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_committed_export_id_is_never_overwritten_on_blob()
    {
        var container = await azurite.CreateContainerAsync();
        var to = azurite.BlobLocation(container, "p");
        Assert.Equal(0, (await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", to, "--export-id", "e1", "--connection-string", azurite.ConnectionString)).ExitCode);

        var again = await Cli.ExporterAsync("export", "--sample-rows", "30", "--to", to, "--export-id", "e1", "--connection-string", azurite.ConnectionString);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already committed", again.Error, StringComparison.Ordinal);
    }
}
