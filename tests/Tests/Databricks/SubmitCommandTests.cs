using System.Text.Json;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary><c>exporter submit</c> end to end against the fake workspace: upload, submit, wait, report, verdict.</summary>
public sealed class SubmitCommandTests : FakeWorkspaceTest
{
    [Fact]
    public async Task A_passing_run_prints_progress_and_the_report_and_exits_0()
    {
        var result = await _cli.SubmitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("uploading bundle", result.Error, StringComparison.Ordinal);
        Assert.Contains("[00:00] PENDING: Waiting for cluster", result.Error, StringComparison.Ordinal);
        Assert.Contains("[00:05] RUNNING", result.Error, StringComparison.Ordinal);
        Assert.Contains("[00:10] TERMINATED SUCCESS", result.Error, StringComparison.Ordinal);
        Assert.Contains($"#job/runs/{_fake.Runs.All[0].RunId}", result.Error, StringComparison.Ordinal);
        Assert.Contains("validation PASSED", result.Out, StringComparison.Ordinal);
        Assert.Contains("PASSED: 2 checks", result.Out, StringComparison.Ordinal);
        Assert.Contains("run succeeded: validation passed", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Token, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_submit_body_runs_the_launcher_with_the_jobs_api_field_names()
    {
        await _cli.SubmitAsync("--timeout", "2h");

        var body = _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Single().Json;
        var bundleFolder = $"{_cli.BundlePath}/{_fake.Runs.All[0].Request["tasks"]![0]!["spark_python_task"]!["python_file"]!.GetValue<string>().Split('/')[^2]}";
        var task = body["tasks"]![0]!.AsObject();
        Assert.Equal("handoff_load", task["task_key"]!.GetValue<string>());
        Assert.Equal("0101-abc", task["existing_cluster_id"]!.GetValue<string>());
        Assert.Equal($"{bundleFolder}/handoff_launcher.py", task["spark_python_task"]!["python_file"]!.GetValue<string>());
        var parameters = task["spark_python_task"]!["parameters"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(["--archive", $"{bundleFolder}/spark-job.tar.gz", "--binary-sha256"], parameters.Take(3));
        Assert.Equal(
            ["--", "load", "--engine", "spark", "--manifest", "/Volumes/main/default/exports/e-2025-01-01/manifest.json", "--table", "main.sales.orders", "--mode", "overwrite"],
            parameters.SkipWhile(p => p != "--"));
        Assert.Equal(7200, body["timeout_seconds"]!.GetValue<long>());
        Assert.StartsWith("handoff-", body["idempotency_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("handoff load e-2025-01-01 into main.sales.orders", body["run_name"]!.GetValue<string>());
        Assert.Equal(
            ["run_name", "tasks", "timeout_seconds", "idempotency_token"],
            body.Select(p => p.Key));
    }

    [Fact]
    public async Task The_same_export_and_table_submitted_twice_is_one_run_and_one_upload()
    {
        var first = await _cli.SubmitAsync("--json");
        var second = await _cli.SubmitAsync("--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Json().GetProperty("runId").GetInt64(), second.Json().GetProperty("runId").GetInt64());
        Assert.Single(_fake.Runs.All);
        Assert.True(first.Json().GetProperty("bundle").GetProperty("uploaded").GetBoolean());
        Assert.False(second.Json().GetProperty("bundle").GetProperty("uploaded").GetBoolean());
        Assert.Contains("--attempt 2", second.Error, StringComparison.Ordinal);

        var third = await _cli.SubmitAsync("--attempt", "2", "--json");
        Assert.Equal(2, _fake.Runs.All.Count);
        Assert.NotEqual(first.Json().GetProperty("runId").GetInt64(), third.Json().GetProperty("runId").GetInt64());
    }

    [Fact]
    public async Task A_failed_validation_exits_1_with_the_failing_checks()
    {
        _fake.Runs.NextScripts.Enqueue(RunScript.ValidationFails());

        var result = await _cli.SubmitAsync();

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"row count \| 1,000 +\| 998 +\| FAILED", result.Out);
        Assert.Contains("FAILED: 1 of 2 checks failed", result.Out, StringComparison.Ordinal);
        Assert.Contains("validation failed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_that_fails_without_a_report_exits_5_and_shows_the_end_of_its_log()
    {
        _fake.Runs.NextScripts.Enqueue(RunScript.JobCrashes());

        var result = await _cli.SubmitAsync();

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("the job exited with code 3", result.Out, StringComparison.Ordinal);
        Assert.Contains("cannot reach sc://adb.net:443 (UNAVAILABLE)", result.Error, StringComparison.Ordinal);
        Assert.Contains("task error: SystemExit: 3", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeout", "run timed out: Run timed out after 3600 seconds.")]
    [InlineData("skipped", "run was skipped: Run skipped")]
    [InlineData("internal", "run hit a Databricks internal error: Cluster failed to start")]
    public async Task Runs_that_never_give_a_verdict_exit_5(string script, string message)
    {
        _fake.Runs.NextScripts.Enqueue(script switch
        {
            "timeout" => RunScript.TimesOut(),
            "skipped" => RunScript.Skipped(),
            _ => RunScript.InternalError(),
        });

        var result = await _cli.SubmitAsync("--json");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Equal(5, result.Json().GetProperty("exitCode").GetInt32());
        Assert.StartsWith(message, result.Json().GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_cancelled_in_the_workspace_exits_5()
    {
        _fake.Runs.NextScripts.Enqueue(new RunScript([new RunStep("RUNNING"), new RunStep("TERMINATED", "CANCELED", "Run cancelled by alice.")]));

        var result = await _cli.SubmitAsync();

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("run was cancelled: Run cancelled by alice.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_life_cycle_state_is_shown_and_waited_through()
    {
        _fake.Runs.NextScripts.Enqueue(RunScript.Succeeds() with
        {
            Steps = [new RunStep("QUEUED"), new RunStep("WAITING_FOR_CAPACITY", null, "waiting for serverless capacity"), new RunStep("RUNNING"), new RunStep("TERMINATED", "SUCCESS")],
        });

        var result = await _cli.SubmitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("WAITING_FOR_CAPACITY: waiting for serverless capacity", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_on_a_terminal_asks_then_cancels_the_run_and_exits_130()
    {
        _fake.Runs.NextScripts.Enqueue(RunScript.Endless());
        _cli.Confirm = (_, _) => Task.FromResult(true);
        using var ctrlC = new CancellationTokenSource();
        var waiting = Task.Run(async () =>
        {
            while (_fake.Runs.All.Count == 0 || _fake.Runs.All[0].Polls < 3)
            {
                await Task.Delay(10);
            }

            await ctrlC.CancelAsync();
        });

        var result = await _cli.RunAsync(
            ["submit", "--manifest", "/Volumes/main/default/exports/e1", "--table", "t", "--serverless", "--bundle-path", _cli.BundlePath],
            ctrlC.Token);
        await waiting;

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Equal([$"Cancel run {_fake.Runs.All[0].RunId} on Databricks too?"], _cli.Questions);
        Assert.Single(_fake.RequestsTo("POST /api/2.2/jobs/runs/cancel"));
        Assert.True(_fake.Runs.All[0].Cancelled);
        Assert.Contains("cancelled run", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_answered_no_leaves_the_run_going()
    {
        _fake.Runs.NextScripts.Enqueue(RunScript.Endless());
        _cli.Confirm = (_, _) => Task.FromResult(false);
        using var ctrlC = new CancellationTokenSource();
        var waiting = Task.Run(async () =>
        {
            while (_fake.Runs.All.Count == 0 || _fake.Runs.All[0].Polls < 2)
            {
                await Task.Delay(10);
            }

            await ctrlC.CancelAsync();
        });

        var result = await _cli.RunAsync(
            ["submit", "--manifest", "/Volumes/main/default/exports/e1", "--table", "t", "--cluster-id", "c", "--bundle-path", _cli.BundlePath],
            ctrlC.Token);
        await waiting;

        Assert.Equal(130, result.ExitCode);
        Assert.Empty(_fake.RequestsTo("POST /api/2.2/jobs/runs/cancel"));
        Assert.Contains("goes on", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_wait_prints_the_run_and_returns()
    {
        var result = await _cli.SubmitAsync("--no-wait", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_fake.Runs.All[0].RunId, result.Json().GetProperty("runId").GetInt64());
        Assert.Empty(_fake.RequestsTo("GET /api/2.2/jobs/runs/get-output"));
    }

    [Fact]
    public async Task Dry_run_prints_a_valid_submit_body_and_sends_nothing()
    {
        _cli.Environment.Remove("DATABRICKS_HOST");
        _cli.Environment.Remove("DATABRICKS_TOKEN");

        var result = await _cli.SubmitAsync("--dry-run", "--serverless", "--cluster-id", "c");
        Assert.Equal(2, result.ExitCode);

        var dry = await _cli.RunAsync(["submit", "--dry-run", "--manifest", "abfss://exports@acct.dfs.core.windows.net/e7", "--table", "main.s.t", "--serverless", "--bundle-path", _cli.BundlePath]);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Empty(_fake.Requests);
        Assert.Equal(0, _cli.Publisher.Publishes);
        Assert.Contains("POST /api/2.2/jobs/runs/submit", dry.Error, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(dry.Out);
        var root = body.RootElement;
        Assert.Equal("handoff", root.GetProperty("tasks")[0].GetProperty("environment_key").GetString());
        Assert.Equal("handoff", root.GetProperty("environments")[0].GetProperty("environment_key").GetString());
        Assert.Equal("4", root.GetProperty("environments")[0].GetProperty("spec").GetProperty("environment_version").GetString());
        Assert.Contains("--serverless", root.GetProperty("tasks")[0].GetProperty("spark_python_task").GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("handoff load e7 into main.s.t", root.GetProperty("run_name").GetString());
    }

    [Fact]
    public async Task A_new_cluster_spec_and_a_mount_go_into_the_request()
    {
        var spec = _cli.Temp.Combine("cluster.json");
        await File.WriteAllTextAsync(spec, """{"spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_D4ds_v5", "num_workers": 2}""");

        var result = await _cli.RunAsync(
            ["submit", "--manifest", "/mnt/handoff/exports/e1", "--table", "t", "--new-cluster", spec, "--bundle-path", _cli.BundlePath,
             "--mount-source", "wasbs://exports@acct.blob.core.windows.net/", "--secret-scope", "handoff", "--secret-key", "storage-key", "--check-path", "/Volumes/main/default/x"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var task = _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Single().Json["tasks"]![0]!;
        Assert.Equal(2, task["new_cluster"]!["num_workers"]!.GetValue<int>());
        var parameters = task["spark_python_task"]!["parameters"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains("--mount-source", parameters);
        Assert.Equal("/mnt/handoff", parameters[parameters.IndexOf("--mount-point") + 1]);
        Assert.Equal("storage-key", parameters[parameters.IndexOf("--secret-key") + 1]);
        Assert.Equal("/Volumes/main/default/x", parameters[parameters.IndexOf("--check-path") + 1]);
    }

    [Fact]
    public async Task A_retried_submit_after_503_still_starts_one_run()
    {
        _fake.Faults.Add("POST", "/api/2.2/jobs/runs/submit", new FakeFault.Unavailable(RetryAfterSeconds: 3));

        var result = await _cli.SubmitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Count);
        Assert.Single(_fake.Runs.All);
        Assert.Contains(TimeSpan.FromSeconds(3), _cli.Clock.Delays);
        Assert.Contains("databricks: jobs/runs/submit: 503", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permission_denied_exits_2_with_the_api_message()
    {
        _fake.Faults.Add("POST", "/api/2.2/jobs/runs/submit", new FakeFault.ApiError(403, "PERMISSION_DENIED", "You do not have permission to attach to cluster 0101-abc."));

        var result = await _cli.SubmitAsync("--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("You do not have permission to attach to cluster 0101-abc.", result.Error, StringComparison.Ordinal);
        Assert.Equal("bad-input", result.Json().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_expired_token_exits_2_with_a_message_that_names_the_variable()
    {
        _fake.Auth.Expire(_fake.Token);

        var result = await _cli.SubmitAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the workspace refused the credentials (401 UNAUTHENTICATED", result.Error, StringComparison.Ordinal);
        Assert.Contains("personal access token from DATABRICKS_TOKEN", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Token, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_principal_from_the_environment_submits_with_m2m_tokens()
    {
        _fake.Auth.AddServicePrincipal("sp-ci", "ci-secret");
        _cli.Environment.Remove("DATABRICKS_TOKEN");
        _cli.Environment["DATABRICKS_CLIENT_ID"] = "sp-ci";
        _cli.Environment["DATABRICKS_CLIENT_SECRET"] = "ci-secret";

        var result = await _cli.SubmitAsync("--debug");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, _fake.Auth.TokensIssued);
        Assert.All(_fake.Requests.Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal)), r => Assert.Equal($"Bearer {_fake.Auth.LastIssued}", r.Authorization));
        Assert.Contains("databricks: > POST /api/2.2/jobs/runs/submit", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Auth.LastIssued!, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ci-secret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_bundle_path_the_bundle_goes_to_the_users_own_workspace_folder()
    {
        _fake.Identity.UserName = "alice@example.com";

        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/main/default/exports/e1", "--table", "t", "--cluster-id", "c", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(_fake.RequestsTo("GET /api/2.0/preview/scim/v2/Me"));
        var folder = result.Json().GetProperty("bundle").GetProperty("folder").GetString()!;
        Assert.StartsWith("/Workspace/Users/alice@example.com/.handoff/bundles/", folder, StringComparison.Ordinal);
        var task = _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Single().Json["tasks"]![0]!;
        Assert.Equal($"{folder["/Workspace".Length..]}/handoff_launcher.py", task["spark_python_task"]!["python_file"]!.GetValue<string>());
        Assert.Equal("WORKSPACE", task["spark_python_task"]!["source"]!.GetValue<string>());
        Assert.Contains($"{folder["/Workspace".Length..]}/spark-job.tar.gz", _fake.WorkspaceFiles.Contents.Keys);
    }

    [Fact]
    public async Task The_cluster_comes_from_DATABRICKS_CLUSTER_ID_when_no_compute_option_is_given()
    {
        _cli.Environment["DATABRICKS_CLUSTER_ID"] = "0909-from-env";

        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/main/default/exports/e1", "--table", "t", "--bundle-path", _cli.BundlePath]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0909-from-env", _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Single().Json["tasks"]![0]!["existing_cluster_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_serverless_environment_version_is_an_option()
    {
        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/main/default/exports/e1", "--table", "t", "--serverless", "--environment-version", "5", "--bundle-path", _cli.BundlePath]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var body = _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Single().Json;
        Assert.Equal("""[{"environment_key":"handoff","spec":{"environment_version":"5"}}]""", body["environments"]!.ToJsonString());
    }

    [Fact]
    public async Task The_json_output_reports_the_bundle_size()
    {
        var result = await _cli.SubmitAsync("--no-wait", "--json");

        var bundle = result.Json().GetProperty("bundle");
        Assert.True(bundle.GetProperty("bytes").GetInt64() > 0);
        Assert.Equal(_cli.Publisher.Content.Length, bundle.GetProperty("binaryBytes").GetInt64());
    }
}
