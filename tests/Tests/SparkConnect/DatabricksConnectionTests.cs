using Handoff.Shared.Cli;
using Handoff.Shared.Databricks.Errors;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>
/// Databricks flags, variables and ~/.databrickscfg profiles become one sc:// connection, through
/// the same resolver the exporter uses, with the token from the resolved credential; and the
/// order in which the job looks for Spark.
/// </summary>
public sealed class DatabricksConnectionTests : IDisposable
{
    private static readonly Guid Session = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Flags_and_variables_make_a_tls_connection_to_a_cluster()
    {
        var connection = await ResolveAsync(new DatabricksInputs { Host = "https://adb-1.2.azuredatabricks.net/", ClusterId = "0101-abc" }, ("DATABRICKS_TOKEN", "dapi-token"));

        Assert.Equal("adb-1.2.azuredatabricks.net", connection.Host);
        Assert.Equal(443, connection.Port);
        Assert.True(connection.UseSsl);
        Assert.Equal("dapi-token", connection.Token);
        Assert.Equal([new KeyValuePair<string, string>("x-databricks-cluster-id", "0101-abc")], connection.Headers);
    }

    [Fact]
    public async Task Serverless_sends_the_session_id_header_equal_to_the_session_id()
    {
        var connection = await ResolveAsync(new DatabricksInputs { Serverless = true }, ("DATABRICKS_HOST", "adb-9.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-token"));

        Assert.Equal(Session.ToString("D"), connection.SessionId);
        Assert.Equal([new KeyValuePair<string, string>("x-databricks-session-id", Session.ToString("D"))], connection.Headers);
    }

    [Fact]
    public async Task A_profile_supplies_host_token_and_cluster()
    {
        var config = _temp.Combine("databrickscfg");
        File.WriteAllText(config, "[DEFAULT]\nhost = https://other.azuredatabricks.net\ntoken = other\n\n# the one we use\n[prod]\nhost = https://adb-7.azuredatabricks.net\ntoken = dapi-prod\ncluster_id = 0707-prod\n");

        var connection = await ResolveAsync(new DatabricksInputs { Profile = "prod" }, ("DATABRICKS_CONFIG_FILE", config));

        Assert.Equal("adb-7.azuredatabricks.net", connection.Host);
        Assert.Equal("dapi-prod", connection.Token);
        Assert.Equal("0707-prod", connection.Headers.Single().Value);
    }

    [Fact]
    public async Task The_config_profile_variable_picks_the_profile_and_serverless_auto_means_serverless()
    {
        var config = _temp.Combine("databrickscfg");
        File.WriteAllText(config, "[dev]\nhost = adb-3.azuredatabricks.net\ntoken = dapi-dev\nserverless_compute_id = auto\n");

        var connection = await ResolveAsync(new DatabricksInputs(), ("DATABRICKS_CONFIG_FILE", config), ("DATABRICKS_CONFIG_PROFILE", "dev"));

        Assert.Equal("x-databricks-session-id", connection.Headers.Single().Key);
    }

    [Fact]
    public async Task The_shared_resolver_keeps_a_profile_token_from_a_host_in_the_environment()
    {
        var config = _temp.Combine("databrickscfg");
        File.WriteAllText(config, "[DEFAULT]\nhost = https://workspace-b.azuredatabricks.net\ntoken = dapi-for-b\ncluster_id = 0101-b\n");

        var error = await Assert.ThrowsAsync<DatabricksConfigException>(() => ResolveAsync(
            new DatabricksInputs(), ("DATABRICKS_CONFIG_FILE", config), ("DATABRICKS_HOST", "https://workspace-a.azuredatabricks.net"), ("DATABRICKS_CLUSTER_ID", "0101-a")));

        Assert.Contains("no Databricks credentials for https://workspace-a.azuredatabricks.net", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dapi-for-b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oauth_service_principal_gives_spark_connect_a_token_from_the_workspace()
    {
        await using var workspace = await FakeWorkspace.StartAsync();
        workspace.Auth.AddServicePrincipal("sp-spark", "sp-secret");

        var connection = await ResolveAsync(
            new DatabricksInputs { ClusterId = "0101-abc" },
            ("DATABRICKS_HOST", workspace.Host.ToString()), ("DATABRICKS_CLIENT_ID", "sp-spark"), ("DATABRICKS_CLIENT_SECRET", "sp-secret"));

        Assert.Equal(1, workspace.Auth.TokensIssued);
        Assert.Equal(workspace.Auth.LastIssued, connection.Token);
        Assert.Equal("127.0.0.1", connection.Host);
        Assert.DoesNotContain(connection.Token!, connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_databricks_cli_login_gives_spark_connect_its_token()
    {
        var cli = new FakeDatabricksCliTool(_temp.Combine("bin"), "cli-token-for-spark", DateTimeOffset.UtcNow.AddHours(1));
        var config = _temp.Combine("databrickscfg");
        File.WriteAllText(config, "[adb-4]\nhost = https://adb-4.azuredatabricks.net\nauth_type = databricks-cli\ncluster_id = 0404-x\n");

        var connection = await ResolveAsync(new DatabricksInputs { Profile = "adb-4" }, ("DATABRICKS_CONFIG_FILE", config), ("DATABRICKS_CLI_PATH", cli.Path));

        Assert.Equal("cli-token-for-spark", connection.Token);
        Assert.Equal(["auth token --profile adb-4"], cli.Calls);
    }

    [Fact]
    public async Task A_missing_profile_is_named()
    {
        var config = _temp.Combine("databrickscfg");
        File.WriteAllText(config, "[DEFAULT]\nhost = h\n");

        var error = await Assert.ThrowsAsync<DatabricksConfigException>(() => ResolveAsync(new DatabricksInputs { Profile = "nope", ProfileSource = "--profile" }, ("DATABRICKS_CONFIG_FILE", config)));

        Assert.Contains("profile 'nope' (from --profile) not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "0101", false, "no Databricks credentials")]
    [InlineData("dapi", null, false, "no Databricks compute")]
    [InlineData("dapi", "0101", true, "exclude each other")]
    public async Task Incomplete_or_conflicting_settings_are_refused(string? token, string? cluster, bool serverless, string message)
    {
        (string, string)[] variables = token is null ? [("DATABRICKS_CONFIG_FILE", _temp.Combine("none"))] : [("DATABRICKS_TOKEN", token), ("DATABRICKS_CONFIG_FILE", _temp.Combine("none"))];

        var error = await Assert.ThrowsAsync<DatabricksConfigException>(() => ResolveAsync(new DatabricksInputs { Host = "adb-1.azuredatabricks.net", ClusterId = cluster, Serverless = serverless }, variables));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_wins_then_databricks_flags_then_spark_remote_then_databricks_variables()
    {
        var variables = Variables(("SPARK_REMOTE", "sc://from-env:1"), ("DATABRICKS_HOST", "adb-1.azuredatabricks.net"), ("DATABRICKS_TOKEN", "t0ken-value"), ("DATABRICKS_CLUSTER_ID", "c1"), ("DATABRICKS_CONFIG_FILE", _temp.Combine("none")));

        Assert.Equal("from-flag", (await SparkRemote.ResolveAsync("sc://from-flag:2", new DatabricksInputs(), variables, Session, CancellationToken.None)).Host);
        Assert.Equal("adb-2.azuredatabricks.net", (await SparkRemote.ResolveAsync(null, new DatabricksInputs { Host = "adb-2.azuredatabricks.net" }, variables, Session, CancellationToken.None)).Host);
        Assert.Equal("from-env", (await SparkRemote.ResolveAsync(null, new DatabricksInputs(), variables, Session, CancellationToken.None)).Host);
        Assert.Equal("adb-1.azuredatabricks.net", (await SparkRemote.ResolveAsync(null, new DatabricksInputs(), name => name == "SPARK_REMOTE" ? null : variables(name), Session, CancellationToken.None)).Host);
        await Assert.ThrowsAsync<SparkEndpointException>(() => SparkRemote.ResolveAsync("sc://x", new DatabricksInputs { ClusterId = "c" }, variables, Session, CancellationToken.None));
        await Assert.ThrowsAsync<SparkEndpointException>(() => SparkRemote.ResolveAsync(null, new DatabricksInputs(), Variables(("DATABRICKS_CONFIG_FILE", _temp.Combine("none"))), Session, CancellationToken.None));
    }

    private static Task<SparkConnectionString> ResolveAsync(DatabricksInputs inputs, params (string Name, string Value)[] variables) =>
        DatabricksConnection.ResolveAsync(inputs, Variables(variables), Session, CancellationToken.None);

    private static Func<string, string?> Variables(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
