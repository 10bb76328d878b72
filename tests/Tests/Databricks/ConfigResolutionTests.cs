using Handoff.Shared.Databricks.Auth;
using Handoff.Shared.Databricks.Config;
using Handoff.Shared.Databricks.Errors;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>Host and credentials from flags, DATABRICKS_* variables and ~/.databrickscfg, as the Databricks CLI resolves them.</summary>
public sealed class ConfigResolutionTests : IDisposable
{
    private readonly TempFolder _home = new();
    private readonly Dictionary<string, string?> _env = new(StringComparer.Ordinal);

    public ConfigResolutionTests() => _env["HOME"] = _home.Path;

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Environment_variables_give_host_and_token()
    {
        _env["DATABRICKS_HOST"] = "https://adb-1.2.azuredatabricks.net/";
        _env["DATABRICKS_TOKEN"] = "dapi-env";

        var config = Resolve();

        Assert.Equal(new Uri("https://adb-1.2.azuredatabricks.net/"), config.Host);
        Assert.Equal(DatabricksAuthKind.Pat, config.AuthKind);
        Assert.Equal("DATABRICKS_TOKEN", config.AuthSource);
        Assert.IsType<PersonalAccessTokenCredential>(config.CreateCredential());
        Assert.DoesNotContain("dapi-env", config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_profile_fills_what_the_environment_does_not_set()
    {
        WriteConfig("""
            ; a comment
            [DEFAULT]
            host = https://from-profile.azuredatabricks.net
            token = dapi-profile

            [other]
            host = https://other.azuredatabricks.net
            token = dapi-other
            """);
        _env["DATABRICKS_HOST"] = "https://from-env.azuredatabricks.net";

        var config = Resolve();

        Assert.Equal("from-env.azuredatabricks.net", config.Host.Host);
        Assert.Equal("DATABRICKS_HOST", config.HostSource);
        Assert.Contains("profile DEFAULT", config.AuthSource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_profile_comes_from_the_flag_or_DATABRICKS_CONFIG_PROFILE()
    {
        WriteConfig("""
            [DEFAULT]
            host = https://default.azuredatabricks.net
            token = a
            [prod]
            host = https://prod.azuredatabricks.net
            client_id = sp-prod
            client_secret = s
            """);
        _env["DATABRICKS_CONFIG_PROFILE"] = "prod";

        var fromEnv = Resolve();
        var fromFlag = Resolve(profile: "DEFAULT");

        Assert.Equal("prod.azuredatabricks.net", fromEnv.Host.Host);
        Assert.Equal(DatabricksAuthKind.OAuthM2M, fromEnv.AuthKind);
        Assert.Equal("default.azuredatabricks.net", fromFlag.Host.Host);
        Assert.Equal(DatabricksAuthKind.Pat, fromFlag.AuthKind);
    }

    [Fact]
    public void DATABRICKS_CONFIG_FILE_points_at_another_file()
    {
        var file = _home.Combine("elsewhere.cfg");
        File.WriteAllText(file, "[DEFAULT]\nhost = https://elsewhere.azuredatabricks.net\ntoken = t\n");
        _env["DATABRICKS_CONFIG_FILE"] = file;

        Assert.Equal("elsewhere.azuredatabricks.net", Resolve().Host.Host);
    }

    [Fact]
    public void A_missing_host_names_every_place_that_was_looked_at()
    {
        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("no Databricks workspace host", error.Message, StringComparison.Ordinal);
        Assert.Contains("--host (not given)", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_HOST (not set)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"profile DEFAULT in {Path.Combine(_home.Path, ".databrickscfg")} (file not found)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_token_names_the_variables_and_the_profile()
    {
        WriteConfig("[DEFAULT]\nhost = https://adb-1.azuredatabricks.net\n");

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("no Databricks credentials for https://adb-1.azuredatabricks.net", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains("profile DEFAULT in", error.Message, StringComparison.Ordinal);
        Assert.Contains("(no token, client_id/client_secret or auth_type)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_named_profile_lists_the_profiles_there_are()
    {
        WriteConfig("[DEFAULT]\nhost = https://a.net\n[dev]\nhost = https://b.net\n");

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve(profile: "prod"));

        Assert.Contains("profile 'prod' (from --profile) not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("has profiles: DEFAULT, dev", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_id_without_a_secret_says_which_half_is_missing()
    {
        _env["DATABRICKS_HOST"] = "https://a.azuredatabricks.net";
        _env["DATABRICKS_CLIENT_ID"] = "sp-1";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("found a client id (DATABRICKS_CLIENT_ID), but not DATABRICKS_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://adb-1.azuredatabricks.net/?o=123", "has a path")]
    [InlineData("https://adb-1.azuredatabricks.net/sql/1.0/warehouses", "has a path ('/sql/1.0/warehouses')")]
    [InlineData("http://adb-1.azuredatabricks.net", "uses http")]
    [InlineData("adb-1.azuredatabricks.net", "must start with https://")]
    [InlineData("ftp://adb-1.azuredatabricks.net", "must start with https://")]
    public void A_host_that_is_not_a_plain_https_url_is_refused_and_named(string host, string message)
    {
        _env["DATABRICKS_HOST"] = host;
        _env["DATABRICKS_TOKEN"] = "t";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("DATABRICKS_HOST", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_is_accepted_only_on_loopback()
    {
        Assert.Equal("http://127.0.0.1:5000/", DatabricksHost.Validate("http://127.0.0.1:5000", "test").ToString());
        Assert.Equal("http://localhost:5000/", DatabricksHost.Validate("http://localhost:5000/", "test").ToString());
    }

    [Fact]
    public void The_host_flag_wins_over_everything()
    {
        _env["DATABRICKS_HOST"] = "https://env.azuredatabricks.net";
        _env["DATABRICKS_TOKEN"] = "t";

        var config = Resolve(host: "https://flag.azuredatabricks.net");

        Assert.Equal("flag.azuredatabricks.net", config.Host.Host);
        Assert.Equal("--host", config.HostSource);
    }

    [Fact]
    public void Azure_service_principal_variables_select_entra_id()
    {
        _env["DATABRICKS_HOST"] = "https://a.azuredatabricks.net";
        _env["ARM_CLIENT_ID"] = "app";
        _env["ARM_CLIENT_SECRET"] = "secret";
        _env["ARM_TENANT_ID"] = "tenant";

        var config = Resolve();

        Assert.Equal(DatabricksAuthKind.AzureClientSecret, config.AuthKind);
        Assert.IsType<EntraIdCredential>(config.CreateCredential());
    }

    [Fact]
    public void An_unsupported_auth_type_lists_the_supported_ones()
    {
        _env["DATABRICKS_HOST"] = "https://a.azuredatabricks.net";
        _env["DATABRICKS_AUTH_TYPE"] = "github-oidc";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("auth_type 'github-oidc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("oauth-m2m", error.Message, StringComparison.Ordinal);
    }

    private DatabricksConfig Resolve(string? host = null, string? profile = null) =>
        DatabricksConfigResolver.Resolve(new DatabricksConfigRequest { Host = host, Profile = profile, Environment = name => _env.GetValueOrDefault(name) });

    private void WriteConfig(string text) => File.WriteAllText(Path.Combine(_home.Path, ".databrickscfg"), text);
}
