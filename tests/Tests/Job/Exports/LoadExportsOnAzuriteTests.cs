using Azure.Storage.Blobs;
using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job.Exports;

/// <summary>The <c>--exports</c> scenarios with the prefix and the tables on Blob Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LoadExportsOnAzuriteTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string[] Credentials => ["--connection-string", azurite.ConnectionString];

    [Fact]
    public async Task Three_daily_overwrites_on_blob_end_with_day_three_only_and_a_fourth_run_changes_nothing()
    {
        var (days, _) = await DaysAsync();
        await ExportsScenarios.ThreeDailyOverwritesAsync(days);
    }

    [Fact]
    public async Task Three_daily_appends_on_blob_end_with_every_day_once_and_a_fourth_run_changes_nothing()
    {
        var (days, _) = await DaysAsync();
        await ExportsScenarios.ThreeDailyAppendsAsync(days);
    }

    [Fact]
    public async Task An_uncommitted_newer_export_on_blob_is_never_loaded()
    {
        var (days, blobs) = await DaysAsync();
        var appended = new DailyExports(days.Exports, days.Table + "-appended", Credentials, _temp);
        await ExportsScenarios.UncommittedNewerExportAsync(days, appended, manifest => DeleteAsync(blobs, manifest));
    }

    [Fact]
    public async Task A_blob_prefix_with_no_committed_export_is_refused_and_nothing_is_loaded()
    {
        var (days, blobs) = await DaysAsync();
        await ExportsScenarios.NoCommittedExportAsync(
            days,
            manifest => DeleteAsync(blobs, manifest),
            async () => await blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "delta/", CancellationToken.None).GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public async Task Storage_lost_while_appending_the_second_of_three_exports_exits_4_and_the_next_run_loads_the_rest()
    {
        var (days, _) = await DaysAsync();
        var sizes = new List<long>();
        for (var day = 1; day <= 3; day++)
        {
            var export = await Cli.ExporterAsync(["export", "--sample-rows", "30000", "--format", "csv", "--to", days.Exports, "--export-id", $"day{day}", "--json", .. Credentials]);
            Assert.True(export.ExitCode == 0, export.ToString());
            sizes.Add(export.Json().GetProperty("files")[0].GetProperty("bytes").GetInt64());
        }

        await using var proxy = new StorageOutageProxy(azurite.Port);
        var endpoint = $"http://127.0.0.1:{proxy.Port}/{AzuriteFixture.AccountName}";
        var throughProxy = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};BlobEndpoint={endpoint};";
        var table = _temp.Combine("table");
        proxy.CutAfter(sizes[0] + (sizes[1] / 2)); // past the listing, the manifests and day1's file, inside day2's
        var cut = await Cli.SparkJobAsync("load", "--exports", days.Exports.Replace(azurite.BlobEndpoint.ToString(), endpoint, StringComparison.Ordinal), "--table", table, "--mode", "append", "--json", "--connection-string", throughProxy);
        var local = new DailyExports(days.Exports, table, Credentials, _temp);
        var afterCut = await local.RowsByExportAsync();
        var rerun = await local.LoadAsync("--mode", "append");

        Assert.True(proxy.Stopped, "the storage was cut off during the run");
        Assert.True(cut.ExitCode == 4, cut.ToString());
        Assert.Equal(new Dictionary<string, long> { ["day1"] = 30000 }, afterCut);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(["day2", "day3"], DailyExports.Loaded(rerun));
        Assert.Equal(new Dictionary<string, long> { ["day1"] = 30000, ["day2"] = 30000, ["day3"] = 30000 }, await local.RowsByExportAsync());
    }

    private async Task<(DailyExports Days, BlobContainerClient Blobs)> DaysAsync()
    {
        var container = await azurite.CreateContainerAsync();
        var days = new DailyExports(azurite.BlobLocation(container, "exports"), azurite.BlobLocation(container, "delta/customers"), Credentials, _temp);
        return (days, azurite.ServiceClient().GetBlobContainerClient(container));
    }

    /// <summary>Deletes the blob a location names (http://127.0.0.1:port/account/container/blob).</summary>
    private static async Task DeleteAsync(BlobContainerClient blobs, string location)
    {
        var marker = "/" + blobs.Name + "/";
        await blobs.DeleteBlobAsync(location[(location.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..]);
    }
}
