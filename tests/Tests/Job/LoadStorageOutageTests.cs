using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// Storage stopped in the middle of a load, for each format: the job exits 4 (a storage error,
/// retryable), says which storage it lost, and commits nothing. The export is read through a proxy
/// that cuts every connection once part of the data file has come through.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LoadStorageOutageTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("avro")]
    [InlineData("parquet")]
    public async Task A_load_whose_storage_stops_mid_read_exits_4_and_commits_nothing(string format)
    {
        var container = await azurite.CreateContainerAsync();
        var export = await Cli.ExporterAsync("export", "--sample-rows", "30000", "--format", format, "--to", azurite.BlobLocation(container, "exports"), "--export-id", "e1", "--connection-string", azurite.ConnectionString, "--json");
        Assert.True(export.ExitCode == 0, export.ToString());
        var fileBytes = export.Json().GetProperty("files")[0].GetProperty("bytes").GetInt64();
        Assert.True(fileBytes > 600_000, $"the {format} file ({fileBytes} bytes) must be large enough to be cut mid-read");

        await using var proxy = new StorageOutageProxy(azurite.Port);
        var endpoint = $"http://127.0.0.1:{proxy.Port}/{AzuriteFixture.AccountName}";
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};BlobEndpoint={endpoint};";
        proxy.CutAfter(300_000); // past the manifest and the footers, inside the data file
        var table = _temp.Combine("table");

        var load = await Cli.SparkJobAsync("load", "--manifest", $"{endpoint}/{container}/exports/e1", "--table", table, "--connection-string", connectionString);

        Assert.True(proxy.Stopped, "the storage was cut off during the load");
        Assert.True(load.ExitCode == 4, load.ToString());
        Assert.Contains($"127.0.0.1:{proxy.Port}", load.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(table, "_delta_log")), "nothing was committed");
        Assert.Empty(Directory.Exists(table) ? Directory.GetFiles(table, "*", SearchOption.AllDirectories) : []);
    }
}
