using Handoff.Shared.Databricks.Auth;
using Handoff.Shared.Databricks.Config;
using Handoff.Shared.Databricks.Errors;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// Host and credentials from flags, DATABRICKS_* variables and ~/.databrickscfg, in the
/// Databricks SDK's order and by its rules, with host and credentials always from one place.
/// </summary>
public sealed class ConfigResolutionTests : IDisposable
{
    private const string ProfileToken = "dapi-profile-token-for-workspace-b";
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
    public void A_profile_token_never_reaches_a_host_from_the_environment()
    {
        WriteConfig($"[DEFAULT]\nhost = https://workspace-b.azuredatabricks.net\ntoken = {ProfileToken}\n");
        _env["DATABRICKS_HOST"] = "https://workspace-a.azuredatabricks.net";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("no Databricks credentials for https://workspace-a.azuredatabricks.net", error.Message, StringComparison.Ordinal);
        Assert.Contains("(not read: the environment gives a host and no profile is named)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProfileToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_profile_for_another_host_keeps_its_credentials_from_the_environment_host()
    {
        WriteConfig($"[prod]\nhost = https://workspace-b.azuredatabricks.net\ntoken = {ProfileToken}\ncluster_id = 0101-b\n");
        _env["DATABRICKS_HOST"] = "https://workspace-a.azuredatabricks.net";
        _env["DATABRICKS_CONFIG_PROFILE"] = "prod";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("profile prod in", error.Message, StringComparison.Ordinal);
        Assert.Contains("is for https://workspace-b.azuredatabricks.net, but DATABRICKS_HOST gives https://workspace-a.azuredatabricks.net: its credentials (token) are not used for another workspace", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProfileToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_profile_and_an_environment_for_another_workspace_are_refused_rather_than_one_chosen_silently()
    {
        WriteConfig("[prod]\nhost = https://workspace-b.azuredatabricks.net\ncluster_id = 0101-b\n");
        _env["DATABRICKS_HOST"] = "https://workspace-a.azuredatabricks.net";
        _env["DATABRICKS_TOKEN"] = "dapi-for-a";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve(profile: "prod"));

        Assert.Contains("profile prod in", error.Message, StringComparison.Ordinal);
        Assert.Contains("is for https://workspace-b.azuredatabricks.net, but DATABRICKS_HOST gives https://workspace-a.azuredatabricks.net", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_token_never_reaches_a_host_from_a_profile()
    {
        WriteConfig("[prod]\nhost = https://workspace-b.azuredatabricks.net\n");
        _env["DATABRICKS_TOKEN"] = "dapi-env-token-for-workspace-a";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve(profile: "prod"));

        Assert.Contains("DATABRICKS_TOKEN is set, but the host https://workspace-b.azuredatabricks.net comes from profile prod", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dapi-env-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_credentials_without_a_host_do_not_read_the_file_at_all()
    {
        WriteConfig("[DEFAULT]\nhost = https://workspace-b.azuredatabricks.net\n");
        _env["DATABRICKS_TOKEN"] = "dapi-env";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("no Databricks workspace host", error.Message, StringComparison.Ordinal);
        Assert.Contains("(not read: the environment gives credentials and no profile is named)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_host_without_credentials_uses_the_one_profile_for_that_host()
    {
        WriteConfig($"[other]\nhost = https://workspace-b.azuredatabricks.net\ntoken = other\n[mine]\nhost = workspace-a.azuredatabricks.net/\ntoken = {ProfileToken}\ncluster_id = 0101-a\n");
        _env["DATABRICKS_HOST"] = "https://WORKSPACE-A.azuredatabricks.net";

        var config = Resolve();

        Assert.Equal("mine", config.Profile);
        Assert.Equal("0101-a", config.ClusterId);
        Assert.Equal(ProfileToken, Token(config));
    }

    [Fact]
    public void Two_profiles_for_the_environment_host_are_not_guessed_between()
    {
        WriteConfig("[one]\nhost = https://workspace-a.azuredatabricks.net\ntoken = a\n[two]\nhost = https://workspace-a.azuredatabricks.net\ntoken = b\n");
        _env["DATABRICKS_HOST"] = "https://workspace-a.azuredatabricks.net";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("several profiles in", error.Message, StringComparison.Ordinal);
        Assert.Contains("one, two", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--profile")]
    [InlineData("the profile option")]
    public void Two_profiles_for_the_host_are_left_to_the_option_the_caller_names(string profileSource)
    {
        WriteConfig("[one]\nhost = https://workspace-a.azuredatabricks.net\ntoken = a\n[two]\nhost = https://workspace-a.azuredatabricks.net\ntoken = b\n");
        _env["DATABRICKS_HOST"] = "https://workspace-a.azuredatabricks.net";

        var error = Assert.Throws<DatabricksConfigException>(() => DatabricksConfigResolver.Resolve(new DatabricksConfigRequest { ProfileSource = profileSource, Environment = name => _env.GetValueOrDefault(name) }));

        Assert.EndsWith($"are for it: one, two. Name one with {profileSource} or DATABRICKS_CONFIG_PROFILE.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_flag_names_the_profile_before_the_variable_and_settings_default_profile_comes_next()
    {
        WriteConfig("""
            [__settings__]
            default_profile = chosen

            [DEFAULT]
            host = https://default.azuredatabricks.net
            token = d
            [chosen]
            host = https://chosen.azuredatabricks.net
            token = c
            [prod]
            host = https://prod.azuredatabricks.net
            client_id = sp-prod
            client_secret = s
            """);

        Assert.Equal("chosen.azuredatabricks.net", Resolve().Host.Host);
        _env["DATABRICKS_CONFIG_PROFILE"] = "prod";
        var fromVariable = Resolve();
        var fromFlag = Resolve(profile: "DEFAULT");

        Assert.Equal("prod.azuredatabricks.net", fromVariable.Host.Host);
        Assert.Equal(DatabricksAuthKind.OAuthM2M, fromVariable.AuthKind);
        Assert.Equal("default.azuredatabricks.net", fromFlag.Host.Host);
        Assert.Equal(DatabricksAuthKind.Pat, fromFlag.AuthKind);
    }

    [Fact]
    public void A_default_profile_setting_that_names_no_profile_is_an_error()
    {
        WriteConfig("[__settings__]\ndefault_profile = gone\n[DEFAULT]\nhost = https://a.net\ntoken = t\n");

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("profile 'gone' (from [__settings__] default_profile in", error.Message, StringComparison.Ordinal);
        Assert.Contains("has profiles: DEFAULT", error.Message, StringComparison.Ordinal);
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
    public void The_file_is_read_as_the_sdk_reads_it()
    {
        WriteConfig("""
            host = https://before-any-section.azuredatabricks.net
            token = pass#word ; a comment after a space
            cluster_id: 0101-colon
            """);

        var config = Resolve();

        Assert.Equal("before-any-section.azuredatabricks.net", config.Host.Host);
        Assert.Equal("pass#word", Token(config));
        Assert.Equal("0101-colon", config.ClusterId);
    }

    [Fact]
    public void A_broken_line_is_named_by_number_not_by_content()
    {
        WriteConfig("[DEFAULT]\nhost = https://a.net\nsecret-without-equals-sign\n");

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("line 3: expected 'key = value'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-without", error.Message, StringComparison.Ordinal);
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
    public void A_missing_token_names_the_variables_the_profile_and_databricks_auth_login()
    {
        WriteConfig("[DEFAULT]\nhost = https://adb-1.azuredatabricks.net\n");

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("no Databricks credentials for https://adb-1.azuredatabricks.net", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains("profile DEFAULT in", error.Message, StringComparison.Ordinal);
        Assert.Contains("(no token, client_id/client_secret or auth_type)", error.Message, StringComparison.Ordinal);
        Assert.Contains("databricks auth login --host https://adb-1.azuredatabricks.net", error.Message, StringComparison.Ordinal);
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

    [Fact]
    public void Two_methods_at_once_is_an_error_that_names_them()
    {
        _env["DATABRICKS_HOST"] = "https://a.azuredatabricks.net";
        _env["DATABRICKS_TOKEN"] = "dapi-1";
        _env["DATABRICKS_CLIENT_ID"] = "sp-1";
        _env["DATABRICKS_CLIENT_SECRET"] = "secret-1";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("more than one authorization method configured: oauth and pat", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dapi-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_methods_in_a_profile_name_its_keys_and_auth_type_settles_it()
    {
        WriteConfig("[DEFAULT]\nhost = https://a.azuredatabricks.net\ntoken = t\nazure_client_id = app\nazure_client_secret = s\nazure_tenant_id = tenant\n");

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());
        _env["DATABRICKS_AUTH_TYPE"] = "azure-client-secret";
        var chosen = Resolve();

        Assert.Contains("more than one authorization method configured: azure and pat (token, azure_client_id, azure_client_secret, azure_tenant_id in profile DEFAULT", error.Message, StringComparison.Ordinal);
        Assert.Equal(DatabricksAuthKind.AzureClientSecret, chosen.AuthKind);
    }

    [Theory]
    [InlineData("adb-1.azuredatabricks.net", "https://adb-1.azuredatabricks.net/", null)]
    [InlineData("https://adb-1.azuredatabricks.net/?o=1234567890123456#job/7", "https://adb-1.azuredatabricks.net/", "1234567890123456")]
    [InlineData("https://adb-1.azuredatabricks.net/sql/1.0/warehouses/abc", "https://adb-1.azuredatabricks.net/", null)]
    [InlineData("  https://ADB-1.azuredatabricks.net:443/ ", "https://adb-1.azuredatabricks.net/", null)]
    public void The_host_is_normalised_as_the_sdk_does(string host, string expected, string? workspaceId)
    {
        _env["DATABRICKS_HOST"] = host;
        _env["DATABRICKS_TOKEN"] = "t";

        var config = Resolve();

        Assert.Equal(expected, config.Host.ToString());
        Assert.Equal(workspaceId, config.WorkspaceId);
    }

    [Theory]
    [InlineData("http://adb-1.azuredatabricks.net", "uses http")]
    [InlineData("ftp://adb-1.azuredatabricks.net", "is not a workspace URL")]
    [InlineData("https://user:pw@adb-1.azuredatabricks.net", "must not carry a user name or password")]
    public void A_host_that_cannot_be_a_workspace_url_is_refused_and_named(string host, string message)
    {
        _env["DATABRICKS_HOST"] = host;
        _env["DATABRICKS_TOKEN"] = "t";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("DATABRICKS_HOST", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", error.Message.Replace(host, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
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
    public void Auth_type_azure_cli_is_honoured_even_with_a_token_set()
    {
        _env["DATABRICKS_HOST"] = "https://a.azuredatabricks.net";
        _env["DATABRICKS_TOKEN"] = "t";
        _env["DATABRICKS_AUTH_TYPE"] = "azure-cli";

        var config = Resolve();

        Assert.Equal(DatabricksAuthKind.AzureCli, config.AuthKind);
        Assert.Equal("DATABRICKS_AUTH_TYPE", config.AuthSource);
    }

    [Fact]
    public async Task Auth_type_databricks_cli_from_databricks_auth_login_runs_auth_token_for_the_profile_and_caches_the_token()
    {
        var clock = new FakeClock();
        var cli = new FakeDatabricksCliTool(_home.Combine("bin"), "cli-token-1", clock.GetUtcNow().AddHours(1));
        WriteConfig($"[mine]\nhost = https://adb-7.azuredatabricks.net\nauth_type = databricks-cli\ndatabricks_cli_path = {cli.Path}\n");

        var config = Resolve(profile: "mine");
        var credential = config.CreateCredential(clock);
        var first = await credential.GetTokenAsync(false, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(30));
        var second = await credential.GetTokenAsync(false, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(29));
        await credential.GetTokenAsync(false, CancellationToken.None);

        Assert.Equal(DatabricksAuthKind.DatabricksCli, config.AuthKind);
        Assert.Equal("cli-token-1", first.Value);
        Assert.Equal(first, second);
        Assert.Equal(["auth token --profile mine", "auth token --profile mine"], cli.Calls);
        Assert.DoesNotContain("cli-token-1", credential.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Databricks_cli_without_a_profile_asks_for_the_host()
    {
        var cli = new FakeDatabricksCliTool(_home.Combine("bin"), "cli-token-2", DateTimeOffset.UtcNow.AddHours(1));
        _env["DATABRICKS_HOST"] = "adb-8.azuredatabricks.net";
        _env["DATABRICKS_AUTH_TYPE"] = "databricks-cli";
        _env["PATH"] = Path.GetDirectoryName(cli.Path);

        var token = await Resolve().CreateCredential().GetTokenAsync(false, CancellationToken.None);

        Assert.Equal("cli-token-2", token.Value);
        Assert.Equal(["auth token --host https://adb-8.azuredatabricks.net"], cli.Calls);
    }

    [Fact]
    public async Task A_databricks_cli_that_fails_says_how_to_log_in()
    {
        var cli = new FakeDatabricksCliTool(_home.Combine("bin"), "unused", DateTimeOffset.UtcNow, exitCode: 1, error: "Error: cache: databricks OAuth is not configured for this host");
        _env["DATABRICKS_HOST"] = "https://adb-8.azuredatabricks.net";
        _env["DATABRICKS_AUTH_TYPE"] = "databricks-cli";
        _env["DATABRICKS_CLI_PATH"] = cli.Path;

        var error = await Assert.ThrowsAsync<DatabricksConfigException>(async () => await Resolve().CreateCredential().GetTokenAsync(false, CancellationToken.None));

        Assert.Contains("failed with exit code 1: Error: cache: databricks OAuth is not configured for this host", error.Message, StringComparison.Ordinal);
        Assert.Contains("databricks auth login", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_legacy_databricks_cli_is_named()
    {
        _env["DATABRICKS_HOST"] = "https://adb-8.azuredatabricks.net";
        _env["DATABRICKS_AUTH_TYPE"] = "databricks-cli";
        _env["PATH"] = _home.Combine("empty-bin");
        var missing = Assert.Throws<DatabricksConfigException>(() => Resolve().CreateCredential());

        var legacy = _home.Combine("databricks-legacy");
        File.WriteAllText(legacy, "#!/usr/bin/env python\n");
        _env["DATABRICKS_CLI_PATH"] = legacy;
        var old = Assert.Throws<DatabricksConfigException>(() => Resolve().CreateCredential());

        Assert.Contains("is not on PATH", missing.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_CLI_PATH", missing.Message, StringComparison.Ordinal);
        Assert.Contains("legacy Python Databricks CLI", old.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_auth_type_lists_the_supported_ones()
    {
        _env["DATABRICKS_HOST"] = "https://a.azuredatabricks.net";
        _env["DATABRICKS_AUTH_TYPE"] = "github-oidc";

        var error = Assert.Throws<DatabricksConfigException>(() => Resolve());

        Assert.Contains("auth_type 'github-oidc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("databricks-cli", error.Message, StringComparison.Ordinal);
    }

    private static string? Token(DatabricksConfig config) => config.Token;

    private DatabricksConfig Resolve(string? host = null, string? profile = null) =>
        DatabricksConfigResolver.Resolve(new DatabricksConfigRequest
        {
            Host = host,
            HostSource = "--host",
            Profile = profile,
            ProfileSource = "--profile",
            Environment = name => _env.GetValueOrDefault(name),
        });

    private void WriteConfig(string text) => File.WriteAllText(Path.Combine(_home.Path, ".databrickscfg"), text);
}
