using Azure.Storage.Blobs;
using Handoff.Shared.Storage;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Upkeep;

/// <summary>Files without a manifest, vacuum, history and the exports listing, on Blob Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UpkeepOnAzuriteTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string[] Credentials => ["--connection-string", azurite.ConnectionString];

    [Fact]
    public async Task Parquet_from_duckdb_with_done_on_blob_loads_through_files_and_its_manifest_commits_next_to_it()
    {
        var container = await azurite.CreateContainerAsync();
        var blobs = azurite.ServiceClient().GetBlobContainerClient(container);
        await UploadDuckDbParquetAsync(blobs, "amperity/2025-01-01", ("part-00000.parquet", 0, 300), ("part-00001.parquet", 300, 500));
        var folder = azurite.BlobLocation(container, "amperity/2025-01-01");
        var table = azurite.BlobLocation(container, "delta/customers");

        var missingDone = await Cli.SparkJobAsync(["load", "--files", folder, "--format", "parquet", "--require-done", "--table", table, .. Credentials]);
        await blobs.UploadBlobAsync("amperity/2025-01-01/.DONE", BinaryData.FromString(string.Empty));
        var load = await Cli.SparkJobAsync(["load", "--files", folder + "/part-*.parquet", "--format", "parquet", "--require-done", "--table", table, "--json", .. Credentials]);
        var again = await Cli.SparkJobAsync(["load", "--files", folder + "/part-*.parquet", "--format", "parquet", "--table", table, "--json", .. Credentials]);
        var manifest = await Cli.ExporterAsync(["manifest", "--files", folder, "--format", "parquet", "--write", "--json", .. Credentials]);

        Assert.True(missingDone.ExitCode == 2, missingDone.ToString());
        Assert.Contains("no .DONE", missingDone.Error, StringComparison.Ordinal);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.True(load.Json().GetProperty("passed").GetBoolean());
        Assert.Equal(500, load.Json().LoadedRows());
        Assert.True(again.Json().GetProperty("skipped").GetBoolean(), again.ToString());
        Assert.True(manifest.ExitCode == 0, manifest.ToString());
        Assert.True((await blobs.GetBlobClient("amperity/2025-01-01/manifest.json").ExistsAsync()).Value);
        var validate = await Cli.SparkJobAsync(["validate", "--manifest", folder, "--table", table, .. Credentials]);
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }

    [Fact]
    public async Task After_three_overwrites_on_blob_a_zero_hour_vacuum_leaves_only_the_live_files()
    {
        var container = await azurite.CreateContainerAsync();
        var table = azurite.BlobLocation(container, "delta/customers");
        await DailyTable.LoadOverwritesAsync(azurite.BlobLocation(container, "exports"), table, Credentials, 100, 200, 300);
        var store = ObjectStoreFactory.Open(table, azurite.Credentials);
        var live = await DailyTable.LiveFilesAsync(store);
        var before = await DailyTable.DataFilesAsync(store);
        var rowsBefore = await FingerprintAsync(store, live);

        var dry = await Cli.SparkJobAsync(["vacuum", "--table", table, "--retain-hours", "0", "--force", "--dry-run", "--json", .. Credentials]);
        Assert.Equal(before, await DailyTable.DataFilesAsync(store));
        var refused = await Cli.SparkJobAsync(["vacuum", "--table", table, "--retain-hours", "0", .. Credentials]);
        var vacuum = await Cli.SparkJobAsync(["vacuum", "--table", table, "--retain-hours", "0", "--force", "--json", .. Credentials]);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(2, dry.Json().GetProperty("files").GetInt64());
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.True(vacuum.ExitCode == 0, vacuum.ToString());
        Assert.Equal(2, vacuum.Json().GetProperty("files").GetInt64());
        Assert.Equal(live, await DailyTable.DataFilesAsync(store));
        Assert.Equal(rowsBefore, await FingerprintAsync(store, live));
        var inspect = await Cli.SparkJobAsync(["inspect", "--table", table, "--json", .. Credentials]);
        Assert.Equal(300, inspect.Json().GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task History_on_blob_shows_each_version_with_its_validation()
    {
        var container = await azurite.CreateContainerAsync();
        var table = azurite.BlobLocation(container, "t");
        await DailyTable.LoadOverwritesAsync(azurite.BlobLocation(container, "exports"), table, Credentials, 100, 150);

        var history = await Cli.SparkJobAsync(["history", "--table", table, "--json", .. Credentials]);

        Assert.True(history.ExitCode == 0, history.ToString());
        var versions = history.Json().GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(["day2", "day1"], versions.Select(v => v.GetProperty("exportId").GetString()));
        Assert.Equal([150L, 100L], versions.Select(v => v.GetProperty("rowsAdded").GetInt64()));
        Assert.Equal([100L, 0L], versions.Select(v => v.GetProperty("rowsRemoved").GetInt64()));
        Assert.All(versions, v => Assert.True(v.GetProperty("validation").GetProperty("passed").GetBoolean()));
    }

    [Fact]
    public async Task Exports_on_blob_lists_committed_exports_and_leftovers_separately()
    {
        var container = await azurite.CreateContainerAsync();
        var exports = azurite.BlobLocation(container, "exports");
        await DailyTable.ExportAsync(exports, "day1", 10, Credentials);
        await DailyTable.ExportAsync(exports, "day2", 20, Credentials);
        await DailyTable.ExportAsync(exports, "day3", 30, Credentials);
        await azurite.ServiceClient().GetBlobContainerClient(container).DeleteBlobAsync("exports/day3/manifest.json");

        var json = await Cli.ExporterAsync(["exports", "--to", exports, "--json", .. Credentials]);

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(["day1", "day2"], json.Json().GetProperty("committed").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([10L, 20L], json.Json().GetProperty("committed").EnumerateArray().Select(e => e.GetProperty("rows").GetInt64()));
        Assert.Equal("day3", json.Json().GetProperty("uncommitted")[0].GetProperty("folder").GetString());
    }

    private async Task UploadDuckDbParquetAsync(BlobContainerClient blobs, string prefix, params (string Name, int From, int To)[] files)
    {
        using var duck = new DuckDb();
        foreach (var (name, from, to) in files)
        {
            var local = _temp.Combine(name);
            duck.Execute($"COPY (SELECT CAST(i AS BIGINT) AS id, 'n' || i AS name, CAST(i AS DECIMAL(10,2)) AS amount FROM range({from}, {to}) t(i)) TO {DuckDb.Quote(local)} (FORMAT PARQUET)");
            await blobs.UploadBlobAsync($"{prefix}/{name}", BinaryData.FromBytes(await File.ReadAllBytesAsync(local)));
        }
    }

    /// <summary>The rows of the live files as DuckDB reads them, after downloading them.</summary>
    private async Task<string> FingerprintAsync(IObjectStore table, IEnumerable<string> live)
    {
        var folder = _temp.Combine(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var local = new List<string>();
        foreach (var path in live)
        {
            var target = Path.Combine(folder, local.Count + ".parquet");
            await using (var input = await table.OpenReadAsync(path, CancellationToken.None))
            await using (var output = File.Create(target))
            {
                await input.CopyToAsync(output);
            }

            local.Add(target);
        }

        using var duck = new DuckDb();
        return duck.Scalar<string>($"SELECT count(*) || ':' || CAST(sum(hash(t)) AS VARCHAR) FROM read_parquet({DuckDb.FileList(local)}) t");
    }
}
