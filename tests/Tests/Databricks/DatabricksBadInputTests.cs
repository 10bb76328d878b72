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

        AssertRefused(result, "DATABRICKS_HOST (not set)", $"profile DEFAULT in {Path.Combine(_cli.Home, ".databrickscfg")} (file not found)");
        Assert.Equal(0, _cli.Publisher.Publishes);
    }

    [Fact]
    public async Task A_missing_token_says_which_variables_and_profile_were_looked_at()
    {
        _cli.Environment.Remove("DATABRICKS_TOKEN");
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
    [InlineData("https://adb-1.azuredatabricks.net/?o=1234", "has a path")]
    [InlineData("https://adb-1.azuredatabricks.net/compute/clusters", "has a path ('/compute/clusters')")]
    [InlineData("http://adb-1.azuredatabricks.net", "uses http")]
    [InlineData("adb-1.azuredatabricks.net", "must start with https://")]
    public async Task A_host_with_a_path_or_without_https_is_refused(string host, string message)
    {
        _cli.Environment["DATABRICKS_HOST"] = host;

        var result = await _cli.SubmitAsync();

        AssertRefused(result, "DATABRICKS_HOST", message);
    }

    [Fact]
    public async Task A_host_flag_with_a_path_is_named_as_the_flag()
    {
        var result = await _cli.RunAsync(["runs", "list", "--host", "https://adb-1.azuredatabricks.net/jobs"]);

        AssertRefused(result, "--host 'https://adb-1.azuredatabricks.net/jobs' has a path");
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
    public async Task A_missing_bundle_path_says_how_to_give_one()
    {
        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/a/b/c/e1", "--table", "t", "--cluster-id", "c"]);

        AssertRefused(result, "--bundle-path /Volumes/<catalog>/<schema>/<volume>/handoff (or set HANDOFF_BUNDLE_PATH)");
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
