using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>The embedded engine writing a real Delta table straight into Blob Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LoadOnAzuriteTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("parquet")]
    [InlineData("csv")]
    [InlineData("avro")]
    public async Task Export_load_validate_and_inspect_on_blob(string format)
    {
        var container = await azurite.CreateContainerAsync();
        var export = await Cli.ExporterAsync("export", "--sample-rows", "2500", "--format", format, "--to", azurite.BlobLocation(container, "exports"), "--export-id", "e1", "--connection-string", azurite.ConnectionString, "--json");
        Assert.True(export.ExitCode == 0, export.ToString());
        var table = azurite.BlobLocation(container, "delta/customers");

        var load = await Cli.SparkJobAsync("load", "--manifest", export.Json().GetProperty("manifest").GetString()!, "--table", table, "--connection-string", azurite.ConnectionString, "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        var inspect = await Cli.SparkJobAsync("inspect", "--table", table, "--connection-string", azurite.ConnectionString, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal(2500, inspect.Json().GetProperty("rowCount").GetInt64());
        var history = await Cli.SparkJobAsync("inspect", "--table", table + "_validation", "--connection-string", azurite.ConnectionString, "--json");
        Assert.Equal(1, history.Json().GetProperty("rowCount").GetInt64());
        var blobs = azurite.ServiceClient().GetBlobContainerClient(container).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "delta/customers/", CancellationToken.None).Select(b => b.Name).ToList();
        Assert.Contains("delta/customers/_delta_log/00000000000000000000.json", blobs);
    }

    [Fact]
    public async Task Rerunning_the_same_manifest_on_blob_commits_nothing()
    {
        var container = await azurite.CreateContainerAsync();
        var export = await Cli.ExporterAsync("export", "--sample-rows", "100", "--to", azurite.BlobLocation(container, "exports"), "--export-id", "e1", "--connection-string", azurite.ConnectionString, "--json");
        var manifest = export.Json().GetProperty("manifest").GetString()!;
        var table = azurite.BlobLocation(container, "t");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", table, "--connection-string", azurite.ConnectionString)).ExitCode);

        var again = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", table, "--connection-string", azurite.ConnectionString, "--json");

        Assert.True(again.Json().GetProperty("skipped").GetBoolean(), again.ToString());
        var commits = azurite.ServiceClient().GetBlobContainerClient(container).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "t/_delta_log/", CancellationToken.None).Count(b => b.Name.EndsWith(".json", StringComparison.Ordinal));
        Assert.Equal(1, commits);
    }

    [Fact]
    public async Task A_writer_stopped_before_its_commit_leaves_the_blob_table_unchanged()
    {
        var container = await azurite.CreateContainerAsync();
        await StoppedWriter.RunAsync(azurite.BlobLocation(container, "exports"), azurite.BlobLocation(container, "table"), azurite.Credentials, ["--connection-string", azurite.ConnectionString]);
    }

    [Fact]
    public async Task An_export_without_a_manifest_on_blob_is_refused()
    {
        var container = await azurite.CreateContainerAsync();
        var export = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", azurite.BlobLocation(container, "exports"), "--export-id", "e1", "--connection-string", azurite.ConnectionString);
        Assert.Equal(0, export.ExitCode);
        await azurite.ServiceClient().GetBlobContainerClient(container).DeleteBlobAsync("exports/e1/manifest.json");

        var load = await Cli.SparkJobAsync("load", "--manifest", azurite.BlobLocation(container, "exports/e1"), "--table", azurite.BlobLocation(container, "t"), "--connection-string", azurite.ConnectionString);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("no manifest", load.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Four_concurrent_appends_of_four_exports_on_blob_commit_each_once()
    {
        var container = await azurite.CreateContainerAsync();
        await ConcurrentAppends.RunAsync(
            exportsLocation: azurite.BlobLocation(container, "exports"),
            tableLocation: azurite.BlobLocation(container, "table"),
            credentials: azurite.Credentials,
            credentialArgs: ["--connection-string", azurite.ConnectionString]);
    }
}
