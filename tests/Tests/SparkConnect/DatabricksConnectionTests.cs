using Handoff.Shared.Cli;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>Databricks flags, variables and ~/.databrickscfg profiles become one sc:// connection; and the order in which the job looks for Spark.</summary>
public sealed class DatabricksConnectionTests : IDisposable
{
    private static readonly Guid Session = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Flags_and_variables_make_a_tls_connection_to_a_cluster()
    {
        var connection = DatabricksConnection.Resolve(new DatabricksInputs { Host = "https://adb-1.2.azuredatabricks.net/", ClusterId = "0101-abc" }, Variables(("DATABRICKS_TOKEN", "dapi-token")), Session);

        Assert.Equal("adb-1.2.azuredatabricks.net", connection.Host);
        Assert.Equal(443, connection.Port);
        Assert.True(connection.UseSsl);
        Assert.Equal("dapi-token", connection.Token);
        Assert.Equal([new KeyValuePair<string, string>("x-databricks-cluster-id", "0101-abc")], connection.Headers);
    }

    [Fact]
    public void Serverless_sends_the_session_id_header_equal_to_the_session_id()
    {
        var connection = DatabricksConnection.Resolve(new DatabricksInputs { Serverless = true }, Variables(("DATABRICKS_HOST", "adb-9.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-token")), Session);

        Assert.Equal(Session.ToString("D"), connection.SessionId);
        Assert.Equal([new KeyValuePair<string, string>("x-databricks-session-id", Session.ToString("D"))], connection.Headers);
    }

    [Fact]
    public void A_profile_supplies_host_token_and_cluster()
    {
        var config = _temp.Combine("databrickscfg");
        File.WriteAllText(config, "[DEFAULT]\nhost = https://other.azuredatabricks.net\ntoken = other\n\n# the one we use\n[prod]\nhost = https://adb-7.azuredatabricks.net\ntoken = dapi-prod\ncluster_id = 0707-prod\n");

        var connection = DatabricksConnection.Resolve(new DatabricksInputs { Profile = "prod" }, Variables(("DATABRICKS_CONFIG_FILE", config)), Session);

        Assert.Equal("adb-7.azuredatabricks.net", connection.Host);
        Assert.Equal("dapi-prod", connection.Token);
        Assert.Equal("0707-prod", connection.Headers.Single().Value);
    }

    [Fact]
    public void The_config_profile_variable_picks_the_profile_and_serverless_auto_means_serverless()
    {
        var config = _temp.Combine("databrickscfg");
        File.WriteAllText(config, "[dev]\nhost = adb-3.azuredatabricks.net\ntoken = dapi-dev\nserverless_compute_id = auto\n");

        var connection = DatabricksConnection.Resolve(new DatabricksInputs(), Variables(("DATABRICKS_CONFIG_FILE", config), ("DATABRICKS_CONFIG_PROFILE", "dev")), Session);

        Assert.Equal("x-databricks-session-id", connection.Headers.Single().Key);
    }

    [Fact]
    public void A_missing_profile_is_named()
    {
        var config = _temp.Combine("databrickscfg");
        File.WriteAllText(config, "[DEFAULT]\nhost = h\n");

        var error = Assert.Throws<UsageException>(() => DatabricksConnection.Resolve(new DatabricksInputs { Profile = "nope" }, Variables(("DATABRICKS_CONFIG_FILE", config)), Session));

        Assert.Contains("[nope]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "0101", false, "no Databricks token")]
    [InlineData("dapi", null, false, "no Databricks compute")]
    [InlineData("dapi", "0101", true, "exclude each other")]
    public void Incomplete_or_conflicting_settings_are_refused(string? token, string? cluster, bool serverless, string message)
    {
        var variables = token is null ? Variables(("DATABRICKS_CONFIG_FILE", _temp.Combine("none"))) : Variables(("DATABRICKS_TOKEN", token), ("DATABRICKS_CONFIG_FILE", _temp.Combine("none")));

        var error = Assert.Throws<UsageException>(() => DatabricksConnection.Resolve(new DatabricksInputs { Host = "adb-1.azuredatabricks.net", ClusterId = cluster, Serverless = serverless }, variables, Session));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_wins_then_databricks_flags_then_spark_remote_then_databricks_variables()
    {
        var variables = Variables(("SPARK_REMOTE", "sc://from-env:1"), ("DATABRICKS_HOST", "adb-1.azuredatabricks.net"), ("DATABRICKS_TOKEN", "t0ken-value"), ("DATABRICKS_CLUSTER_ID", "c1"), ("DATABRICKS_CONFIG_FILE", _temp.Combine("none")));

        Assert.Equal("from-flag", SparkRemote.Resolve("sc://from-flag:2", new DatabricksInputs(), variables, Session).Host);
        Assert.Equal("adb-2.azuredatabricks.net", SparkRemote.Resolve(null, new DatabricksInputs { Host = "adb-2.azuredatabricks.net" }, variables, Session).Host);
        Assert.Equal("from-env", SparkRemote.Resolve(null, new DatabricksInputs(), variables, Session).Host);
        Assert.Equal("adb-1.azuredatabricks.net", SparkRemote.Resolve(null, new DatabricksInputs(), name => name == "SPARK_REMOTE" ? null : variables(name), Session).Host);
        Assert.Throws<UsageException>(() => SparkRemote.Resolve("sc://x", new DatabricksInputs { ClusterId = "c" }, variables, Session));
        Assert.Throws<UsageException>(() => SparkRemote.Resolve(null, new DatabricksInputs(), Variables(("DATABRICKS_CONFIG_FILE", _temp.Combine("none"))), Session));
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
