using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>
/// The Spark Connect library refuses an endpoint it cannot choose with its own typed error, naming
/// no flag; spark-job says it in terms of its options, as bad input (exit 2).
/// </summary>
public sealed class SparkEndpointCliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ARemoteWithDatabricksOptionsIsRefusedNamingTheOptions()
    {
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var result = await SparkCli.RunAsync("validate", "--engine", "spark", "--remote", "sc://localhost:1", "--cluster-id", "0101-abc", "--manifest", manifest, "--table", "sales.t");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --remote and the Databricks options (--host, --cluster-id, --serverless, --profile) exclude each other", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoEndpointAtAllIsRefusedSayingHowToGiveOne()
    {
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);
        var variables = new Dictionary<string, string> { ["DATABRICKS_CONFIG_FILE"] = _temp.Combine("no-such-databrickscfg") };

        var result = await SparkCli.RunAsync(variables, "validate", "--engine", "spark", "--manifest", manifest, "--table", "sales.t", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--engine spark needs a Spark Connect endpoint: pass --remote sc://host:15002, set SPARK_REMOTE, or configure Databricks (--host with --cluster-id or --serverless, DATABRICKS_HOST/DATABRICKS_TOKEN, or ~/.databrickscfg)", result.Error, StringComparison.Ordinal);
        Assert.Equal("bad-input", result.Json().GetProperty("kind").GetString());
    }
}
