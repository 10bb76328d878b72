using Azure.Storage.Sas;
using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Export;

/// <summary>
/// A SAS in the URLs is the only credential, over http as Azurite serves it: `exporter run`
/// exports, loads and validates with it (the campaign saw it commit the export, then fail with
/// "Cannot use TokenCredential without HTTPS"), and spark-job's commands take it too.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunWithSasTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_with_a_sas_in_every_url_exports_loads_and_validates()
    {
        var container = await azurite.CreateContainerAsync();
        var sas = ContainerSas(container);
        var to = $"{azurite.BlobLocation(container, "exports")}?{sas}";
        var table = $"{azurite.BlobLocation(container, "delta/customers")}?{sas}";

        var run = await Cli.ExporterAsync("run", "--sample-rows", "200", "--to", to, "--export-id", "e1", "--table", table, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(sas, run.Out + run.Error, StringComparison.Ordinal);
        var manifest = $"{azurite.BlobLocation(container, "exports/e1/manifest.json")}?{sas}";
        var validate = await Cli.SparkJobAsync("validate", "--manifest", manifest, "--table", table, "--json");
        Assert.True(validate.ExitCode == 0, validate.ToString());
        var inspect = await Cli.SparkJobAsync("inspect", "--table", table, "--json");
        Assert.Equal(200, inspect.Json().GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task A_blob_location_over_http_without_any_credential_says_what_to_give()
    {
        var container = await azurite.CreateContainerAsync();

        var load = await Cli.SparkJobAsync("inspect", "--table", azurite.BlobLocation(container, "t"), "--json");

        Assert.True(load.ExitCode == 4, load.ToString());
        Assert.Contains("served over http", load.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("TokenCredential", load.Error, StringComparison.Ordinal);
    }

    private string ContainerSas(string container)
    {
        var client = azurite.ServiceClient().GetBlobContainerClient(container);
        return client.GenerateSasUri(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)).Query.TrimStart('?');
    }
}
