using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>Each bad input is refused with a clear message, exit code 2, and no call to the workspace.</summary>
public sealed class DatabricksBadInputTests : FakeWorkspaceTest
{
    [Fact]
    public async Task A_missing_host_says_which_variables_and_profile_were_looked_at()
    {
        _cli.Environment.Remove("DATABRICKS_HOST");

        var result = await _cli.SubmitAsync();

        AssertRefused(result, "DATABRICKS_HOST (not set)", $"{Path.Combine(_cli.Home, ".databrickscfg")} (not read: the environment gives credentials and no profile is named)");
        Assert.Equal(0, _cli.Publisher.Publishes);
    }

    [Fact]
    public async Task A_missing_token_says_which_variables_and_profile_were_looked_at()
    {
        _cli.Environment.Remove("DATABRICKS_TOKEN");
        _cli.Environment.Remove("DATABRICKS_HOST");
        _cli.Environment["DATABRICKS_CONFIG_PROFILE"] = "ci";
        Directory.CreateDirectory(_cli.Home);
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, ".databrickscfg"), "[ci]\nhost = https://adb-1.azuredatabricks.net\n");

        var result = await _cli.ScheduleAsync("--cluster-id", "c");

        AssertRefused(result, "no Databricks credentials", "DATABRICKS_TOKEN", "profile ci in");
    }

    [Theory]
    [InlineData("0 0 2 * *", "has 5 fields")]
    [InlineData("0 0 25 * * ?", "hours '25'")]
    [InlineData("0 0 2 * * *", "exactly one of day-of-month")]
    [InlineData("0 0 2 ? * FUNDAY", "day-of-week 'FUNDAY'")]
    [InlineData("0 */0 2 * * ?", "the step after '/'")]
    public async Task An_invalid_quartz_cron_is_refused_before_any_call(string cron, string message)
    {
        var result = await _cli.ScheduleAsync("--cluster-id", "c", "--cron", cron);

        AssertRefused(result, $"invalid Quartz cron \"{cron}\"", message);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "not a known IANA time zone")]
    [InlineData("", "--timezone is empty")]
    public async Task An_unknown_timezone_is_refused_before_any_call(string zone, string message)
    {
        var result = await _cli.ScheduleAsync("--cluster-id", "c", "--timezone", zone);

        AssertRefused(result, message);
    }

    [Fact]
    public async Task New_cluster_json_that_does_not_parse_gives_line_and_column()
    {
        var spec = _cli.Temp.Combine("cluster.json");
        await File.WriteAllTextAsync(spec, "{\n  \"spark_version\": \"15.4.x-scala2.12\"\n  \"num_workers\": 2\n}\n");

        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/a/b/c/e1", "--table", "t", "--new-cluster", spec, "--bundle-path", _cli.BundlePath]);

        AssertRefused(result, $"--new-cluster {spec}: not valid JSON at line 3, column 3: '\"' is invalid after a value. Expected either ',', '}}', or ']'.");
    }

    [Fact]
    public async Task New_cluster_json_without_a_spark_version_is_refused()
    {
        var spec = _cli.Temp.Combine("cluster.json");
        await File.WriteAllTextAsync(spec, """{"num_workers": 2}""");

        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/a/b/c/e1", "--table", "t", "--new-cluster", spec, "--bundle-path", _cli.BundlePath]);

        AssertRefused(result, "has no spark_version");
    }

    [Fact]
    public async Task A_job_definition_that_does_not_parse_gives_line_and_column()
    {
        var file = _cli.Temp.Combine("job.yml");
        await File.WriteAllTextAsync(file, "name: x\ntasks:\n  - task_key: a\n   bad: [\n");

        var result = await _cli.ScheduleAsync("--cluster-id", "c", "--from", file);

        AssertRefused(result, $"--from {file}: not valid YAML at line");
    }

    [Theory]
    [InlineData("http://adb-1.azuredatabricks.net", "uses http")]
    [InlineData("ftp://adb-1.azuredatabricks.net", "is not a workspace URL")]
    public async Task A_host_without_https_is_refused(string host, string message)
    {
        _cli.Environment["DATABRICKS_HOST"] = host;

        var result = await _cli.SubmitAsync();

        AssertRefused(result, "DATABRICKS_HOST", message);
    }

    [Fact]
    public async Task A_host_flag_over_http_is_named_as_the_flag()
    {
        var result = await _cli.RunAsync(["runs", "list", "--host", "http://adb-1.azuredatabricks.net/jobs"]);

        AssertRefused(result, "--host 'http://adb-1.azuredatabricks.net/jobs' uses http");
    }

    [Fact]
    public async Task A_profile_token_never_reaches_the_host_in_DATABRICKS_HOST()
    {
        const string profileToken = "dapi-token-of-another-workspace";
        _cli.Environment.Remove("DATABRICKS_TOKEN");
        Directory.CreateDirectory(_cli.Home);
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, ".databrickscfg"), $"[DEFAULT]\nhost = https://other.azuredatabricks.net\ntoken = {profileToken}\n");

        var result = await _cli.RunAsync(["runs", "list"]);

        AssertRefused(result, $"no Databricks credentials for {_fake.Host.GetLeftPart(UriPartial.Authority)}");
        Assert.DoesNotContain(profileToken, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_authorization_methods_are_refused_naming_both()
    {
        _cli.Environment["DATABRICKS_CLIENT_ID"] = "sp-1";
        _cli.Environment["DATABRICKS_CLIENT_SECRET"] = "sp-secret";

        var result = await _cli.RunAsync(["runs", "list"]);

        AssertRefused(result, "more than one authorization method configured: oauth and pat");
        Assert.DoesNotContain("sp-secret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mount_on_serverless_compute_is_refused()
    {
        var result = await _cli.RunAsync(
            ["submit", "--manifest", "/mnt/handoff/e1", "--table", "t", "--serverless", "--bundle-path", _cli.BundlePath,
             "--mount-source", "wasbs://exports@acct.blob.core.windows.net/", "--secret-scope", "s", "--secret-key", "k"]);

        AssertRefused(result, "DBFS mounts are not available there");
    }

    [Theory]
    [InlineData("--environment-version applies to --serverless only", "--environment-version", "4")]
    [InlineData("--environment-version 'latest' is not a version number", "--serverless", "--environment-version", "latest")]
    public async Task An_environment_version_that_does_not_fit_is_refused(string message, params string[] extra)
    {
        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/a/b/c/e1", "--table", "t", "--bundle-path", _cli.BundlePath, .. extra]);

        AssertRefused(result, message);
    }

    [Theory]
    [InlineData("give only one of --cluster-id, --new-cluster and --serverless", "--serverless")]
    [InlineData("--mount-source needs --secret-scope", "--mount-source", "wasbs://c@a.blob.core.windows.net/")]
    [InlineData("--timeout 'soon' is not a duration", "--timeout", "soon")]
    [InlineData("--attempt must be 1 or more", "--attempt", "0")]
    public async Task Submit_arguments_that_do_not_fit_together_are_refused(string message, params string[] extra)
    {
        var result = await _cli.SubmitAsync(extra);

        AssertRefused(result, message);
    }

    [Fact]
    public async Task A_manifest_url_with_a_sas_token_is_refused_so_the_token_is_not_stored_in_the_run()
    {
        var result = await _cli.RunAsync(["submit", "--manifest", "https://acct.blob.core.windows.net/c/e1?sv=2024&sig=abc", "--table", "t", "--cluster-id", "c", "--bundle-path", _cli.BundlePath]);

        AssertRefused(result, "--manifest must not carry a SAS token");
        Assert.DoesNotContain("sig=abc", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_path_that_is_not_a_volume_or_workspace_folder_names_where_it_came_from()
    {
        _cli.Environment["HANDOFF_BUNDLE_PATH"] = "dbfs:/FileStore/handoff";

        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/a/b/c/e1", "--table", "t", "--cluster-id", "c"]);

        AssertRefused(result, "HANDOFF_BUNDLE_PATH 'dbfs:/FileStore/handoff' must be a Unity Catalog volume folder");
    }

    private void AssertRefused(CliResult result, params string[] messages)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var message in messages)
        {
            Assert.True(result.Error.Contains(message, StringComparison.Ordinal), $"'{message}' not in:\n{result}");
        }

        Assert.Empty(_fake.Requests);
        Assert.DoesNotContain(_fake.Token, result.Error, StringComparison.Ordinal);
    }
}
