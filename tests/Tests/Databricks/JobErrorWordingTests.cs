using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// The refusals of submit and schedule that Handoff.Export reports without naming a flag reach the
/// user in the exporter's words, naming the flags, byte for byte as before, with exit code 2 (the
/// error is stderr's last line: the local bundle may have been packed before the refusal).
/// </summary>
public sealed class JobErrorWordingTests : FakeWorkspaceTest
{
    [Fact]
    public async Task A_job_definition_file_that_does_not_exist_names_from()
    {
        var file = _cli.Temp.Combine("job.yml");

        var result = await _cli.ScheduleAsync("--cluster-id", "c", "--from", file);

        AssertRefusedWith(result, $"--from {file}: no such file");
    }

    [Fact]
    public async Task A_job_definition_file_of_the_wrong_shape_names_from_in_json()
    {
        var file = _cli.Temp.Combine("job.json");
        await File.WriteAllTextAsync(file, "[1, 2]");

        var result = await _cli.ScheduleAsync("--cluster-id", "c", "--from", file, "--json");

        var expected = $"--from {file}: must hold a job definition object (Jobs API JobSettings: name, tasks, job_clusters, ...)";
        AssertRefusedWith(result, expected);
        Assert.Equal(expected, result.Json().GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_bundle_whose_jobs_none_match_names_from_and_name()
    {
        var file = _cli.Temp.Combine("bundle.yml");
        await File.WriteAllTextAsync(file, """
            resources:
              jobs:
                a:
                  name: first
                b:
                  name: second
            """);

        var result = await _cli.ScheduleAsync("--cluster-id", "c", "--from", file);

        AssertRefusedWith(result, $"--from {file}: resources.jobs has 2 jobs (a, b); none or several match --name 'orders daily'");
    }

    [Fact]
    public async Task A_schedule_without_compute_names_the_compute_flags_and_from()
    {
        var result = await _cli.ScheduleAsync();

        AssertRefusedWith(result, "say where the job runs: --cluster-id ID, --new-cluster FILE.json or --serverless, or give the 'handoff_load' task compute (or exactly one job_clusters entry) in --from, or set DATABRICKS_CLUSTER_ID (cluster_id in the profile)");
    }

    [Fact]
    public async Task A_mount_on_serverless_names_mount_source_and_check_path()
    {
        var result = await _cli.RunAsync(
            ["submit", "--manifest", "/mnt/handoff/e1", "--table", "t", "--serverless", "--bundle-path", _cli.BundlePath,
             "--mount-source", "wasbs://exports@acct.blob.core.windows.net/", "--secret-scope", "s", "--secret-key", "k"]);

        AssertRefusedWith(result, "--mount-source cannot be used on serverless compute: DBFS mounts are not available there; read the export from a Unity Catalog volume or an external location instead (--check-path /Volumes/...)");
    }

    [Fact]
    public async Task A_manifest_location_that_names_no_folder_names_manifest()
    {
        var result = await _cli.RunAsync(["submit", "--manifest", "/manifest.json", "--table", "t", "--cluster-id", "c", "--bundle-path", _cli.BundlePath]);

        AssertRefusedWith(result, "--manifest '/manifest.json' names no export folder");
    }

    private static void AssertRefusedWith(CliResult result, string message)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.EndsWith(Environment.NewLine, result.Error, StringComparison.Ordinal);
        Assert.Equal($"error: {message}", result.Error.TrimEnd('\n', '\r').Split('\n')[^1]);
    }
}
