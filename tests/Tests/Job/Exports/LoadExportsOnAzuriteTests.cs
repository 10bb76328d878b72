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
