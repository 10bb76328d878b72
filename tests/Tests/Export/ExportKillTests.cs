using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Export;

/// <summary>
/// kill -9 during an export, then the same export again: the re-run proceeds at once, says it
/// took over the dead run's lock, removes its half-written files and commits.
/// </summary>
public sealed class ExportKillTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_rerun_after_kill_9_on_a_local_folder_takes_over_the_lock_and_commits()
    {
        var folder = _temp.Combine("k1");
        await KilledExport.RunAndKillAsync(
            ["export", "--sample-rows", "3000000", "--format", "csv", "--to", _temp.Path, "--export-id", "k1"],
            () => Task.FromResult(File.Exists(Path.Combine(folder, ".export-lock")) && Directory.GetFiles(folder, ".part-*").Length > 0));
        Assert.True(File.Exists(Path.Combine(folder, ".export-lock")), "the killed run left its lock file");
        Assert.False(File.Exists(Path.Combine(folder, "manifest.json")));

        var rerun = await Cli.ExporterAsync("export", "--sample-rows", "1000", "--format", "csv", "--to", _temp.Path, "--export-id", "k1", "--json");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("took over the stale lock", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(1000, rerun.Json().GetProperty("rowCount").GetInt64());
        Assert.Equal(["manifest.json", "part-00000.csv"], Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class ExportKillOnAzuriteTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private string _container = string.Empty;

    public async Task InitializeAsync() => _container = await azurite.CreateContainerAsync();

    public Task DisposeAsync() => azurite.ServiceClient().GetBlobContainerClient(_container).DeleteIfExistsAsync();

    [Fact]
    public async Task A_rerun_after_kill_9_on_blob_storage_breaks_the_dead_runs_lease_and_commits()
    {
        var container = azurite.ServiceClient().GetBlobContainerClient(_container);
        var to = azurite.BlobLocation(_container, "exports");
        await KilledExport.RunAndKillAsync(
            ["export", "--sample-rows", "3000000", "--format", "csv", "--to", to, "--export-id", "k2", "--connection-string", azurite.ConnectionString],
            // The lock blob is created before its lease is taken: kill only once the lease is held.
            async () => await container.GetBlobClient("exports/k2/.export-lock").ExistsAsync() is { Value: true }
                && (await container.GetBlobClient("exports/k2/.export-lock").GetPropertiesAsync()).Value.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased);
        var lockBlob = (await container.GetBlobClient("exports/k2/.export-lock").GetPropertiesAsync()).Value;
        Assert.Equal(Azure.Storage.Blobs.Models.LeaseState.Leased, lockBlob.LeaseState);

        var rerun = await Cli.ExporterAsync("export", "--sample-rows", "1000", "--format", "csv", "--to", to, "--export-id", "k2", "--connection-string", azurite.ConnectionString, "--json");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("took over the stale lock", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(1000, rerun.Json().GetProperty("rowCount").GetInt64());
        var left = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "exports/k2/" }))
        {
            left.Add(blob.Name);
        }

        Assert.Equal(["exports/k2/manifest.json", "exports/k2/part-00000.csv"], left.Order(StringComparer.Ordinal).ToArray());
    }
}
