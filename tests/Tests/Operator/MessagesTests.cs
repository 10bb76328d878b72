using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Operator;

/// <summary>Messages that say what happened and what to do, in the words of the program that prints them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MessagesTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Exports => _temp.Combine("exports");

    [Fact]
    public async Task A_missing_container_in_spark_job_suggests_no_option_spark_job_lacks()
    {
        await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", Exports, "--export-id", "e1");
        var table = azurite.BlobLocation(AzuriteFixture.NewContainerName(), "tables/t");

        var load = await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", table, "--connection-string", azurite.ConnectionString);

        Assert.True(load.ExitCode == 4, load.ToString());
        Assert.Contains("does not exist", load.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--create-container", load.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_key_that_is_not_base64_is_said_so_rather_than_a_malformed_connection_string()
    {
        const string badKey = "this-is-not*base64";
        var connectionString = $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={badKey};EndpointSuffix=core.windows.net";

        var result = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", "https://acct.blob.core.windows.net/exports", "--connection-string", connectionString);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("the AccountKey in the storage connection string is not valid base64", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("malformed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(badKey, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skipped_load_names_the_loaded_export_and_how_to_load_anyway_and_its_json_is_not_over_escaped()
    {
        await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", Exports, "--export-id", "e1");
        var table = _temp.Combine("table");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", table)).ExitCode);

        var human = await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", table);
        var json = await Cli.SparkJobAsync("load", "--manifest", Path.Combine(Exports, "e1"), "--table", table, "--json");

        Assert.Equal(0, human.ExitCode);
        Assert.Contains("skipped: export e1 was already loaded by stream", human.Out, StringComparison.Ordinal);
        Assert.Contains("--stream NAME", human.Out, StringComparison.Ordinal);
        Assert.Contains("'", json.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", json.Out, StringComparison.Ordinal);
        Assert.Contains("--stream", json.Json().GetProperty("hint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_under_json_keep_apostrophes_readable()
    {
        var result = await Cli.SparkJobAsync("inspect", "--table", _temp.Combine("no-such-table"), "--json");

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("\\u0027", result.Out, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(result.Json().GetProperty("error").GetString()));
    }
}
