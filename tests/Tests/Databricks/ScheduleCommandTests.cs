using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary><c>exporter schedule</c>: create, the same again (no change), a changed cron (reset), paused; defaults and --from.</summary>
public sealed class ScheduleCommandTests : FakeWorkspaceTest
{
    [Fact]
    public async Task Create_then_the_same_again_then_a_new_cron_then_paused()
    {
        var created = await _cli.ScheduleAsync("--cluster-id", "0101-abc", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("created", created.Json().GetProperty("action").GetString());
        var jobId = created.Json().GetProperty("jobId").GetInt64();

        var again = await _cli.ScheduleAsync("--cluster-id", "0101-abc", "--json");
        Assert.Equal("unchanged", again.Json().GetProperty("action").GetString());
        Assert.Single(_fake.RequestsTo("POST /api/2.2/jobs/create"));
        Assert.Empty(_fake.RequestsTo("POST /api/2.2/jobs/reset"));

        var changed = await _cli.ScheduleAsync("--cluster-id", "0101-abc", "--cron", "0 30 5 ? * MON-FRI", "--timezone", "Europe/Paris", "--json");
        Assert.Equal("updated", changed.Json().GetProperty("action").GetString());
        Assert.Equal(jobId, changed.Json().GetProperty("jobId").GetInt64());
        var reset = _fake.RequestsTo("POST /api/2.2/jobs/reset").Single().Json;
        Assert.Equal(jobId, reset["job_id"]!.GetValue<long>());
        Assert.Equal("0 30 5 ? * MON-FRI", reset["new_settings"]!["schedule"]!["quartz_cron_expression"]!.GetValue<string>());
        Assert.Equal("Europe/Paris", reset["new_settings"]!["schedule"]!["timezone_id"]!.GetValue<string>());

        var paused = await _cli.ScheduleAsync("--cluster-id", "0101-abc", "--cron", "0 30 5 ? * MON-FRI", "--timezone", "Europe/Paris", "--paused");
        Assert.Equal(0, paused.ExitCode);
        Assert.Contains("updated", paused.Out, StringComparison.Ordinal);
        Assert.Contains("(paused)", paused.Out, StringComparison.Ordinal);
        Assert.Equal("PAUSED", _fake.Jobs.All.Single().Settings["schedule"]!["pause_status"]!.GetValue<string>());
        Assert.Single(_fake.Jobs.All);
        Assert.Equal(3, _fake.RequestsTo("PUT /api/2.0/fs/files*").Count);
    }

    [Fact]
    public async Task The_created_job_has_the_documented_defaults_and_job_parameters()
    {
        await _cli.ScheduleAsync("--serverless", "--notify", "data@example.com", "--notify", "oncall@example.com");

        var settings = _fake.RequestsTo("POST /api/2.2/jobs/create").Single().Json;
        Assert.Equal("orders daily", settings["name"]!.GetValue<string>());
        Assert.Equal("""{"quartz_cron_expression":"0 0 2 * * ?","timezone_id":"UTC","pause_status":"UNPAUSED"}""", settings["schedule"]!.ToJsonString());
        Assert.Equal(1, settings["max_concurrent_runs"]!.GetValue<int>());
        Assert.True(settings["queue"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("""["data@example.com","oncall@example.com"]""", settings["email_notifications"]!["on_failure"]!.ToJsonString());
        Assert.Equal(
            """[{"name":"manifest","default":"/Volumes/main/default/exports/latest"},{"name":"table","default":"main.sales.orders"}]""",
            settings["parameters"]!.ToJsonString());
        var task = settings["tasks"]![0]!.AsObject();
        Assert.Equal(2, task["max_retries"]!.GetValue<int>());
        Assert.Equal(300_000, task["min_retry_interval_millis"]!.GetValue<long>());
        Assert.False(task["retry_on_timeout"]!.GetValue<bool>());
        Assert.Equal("handoff", task["environment_key"]!.GetValue<string>());
        var parameters = task["spark_python_task"]!["parameters"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal("{{job.parameters.manifest}}", parameters[parameters.IndexOf("--manifest") + 1]);
        Assert.Equal("{{job.parameters.table}}", parameters[parameters.IndexOf("--table") + 1]);
        Assert.Contains("--serverless", parameters);
        Assert.Matches("^[0-9a-f]{16}$", settings["tags"]!["handoff_settings"]!.GetValue<string>());
    }

    [Fact]
    public async Task Removing_an_option_is_a_change_too()
    {
        await _cli.ScheduleAsync("--cluster-id", "c", "--notify", "data@example.com");

        var result = await _cli.ScheduleAsync("--cluster-id", "c", "--json");

        Assert.Equal("updated", result.Json().GetProperty("action").GetString());
        Assert.Null(_fake.Jobs.All.Single().Settings["email_notifications"]);
    }

    [Fact]
    public async Task A_job_changed_in_the_workspace_is_put_back()
    {
        await _cli.ScheduleAsync("--cluster-id", "c");
        _fake.Jobs.All.Single().Settings["max_concurrent_runs"] = 5;

        var result = await _cli.ScheduleAsync("--cluster-id", "c", "--json");

        Assert.Equal("updated", result.Json().GetProperty("action").GetString());
        Assert.Equal(1, _fake.Jobs.All.Single().Settings["max_concurrent_runs"]!.GetValue<int>());
    }

    [Fact]
    public async Task Two_jobs_of_the_same_name_are_not_guessed_between()
    {
        _fake.Jobs.Add(new JsonObject { ["name"] = "orders daily" });
        _fake.Jobs.Add(new JsonObject { ["name"] = "orders daily" });
        _fake.Jobs.Add(new JsonObject { ["name"] = "ORDERS DAILY" });

        var result = await _cli.ScheduleAsync("--cluster-id", "c");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("2 jobs are named 'orders daily'", result.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.RequestsTo("POST /api/2.2/jobs/reset"));
    }

    [Fact]
    public async Task From_a_yaml_asset_bundle_keeps_its_keys_and_uses_its_job_cluster()
    {
        var file = _cli.Temp.Combine("job.yml");
        await File.WriteAllTextAsync(file, """
            resources:
              jobs:
                orders:
                  name: ignored, --name wins
                  timeout_seconds: 14400
                  tags:
                    team: "data"
                  job_clusters:
                    - job_cluster_key: main
                      new_cluster:
                        spark_version: 15.4.x-scala2.12
                        node_type_id: Standard_D4ds_v5
                        num_workers: 2
                  webhook_notifications:
                    on_failure:
                      - id: "0481e838-0a59-4eff-9541-a4ca6f149574"
                  tasks:
                    - task_key: handoff_load
                      max_retries: 5
                    - task_key: refresh_dashboard
                      depends_on:
                        - task_key: handoff_load
                      job_cluster_key: main
                      notebook_task:
                        notebook_path: /Shared/refresh
            """);

        var result = await _cli.ScheduleAsync("--from", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var settings = _fake.RequestsTo("POST /api/2.2/jobs/create").Single().Json;
        Assert.Equal("orders daily", settings["name"]!.GetValue<string>());
        Assert.Equal(14400, settings["timeout_seconds"]!.GetValue<int>());
        Assert.Equal("data", settings["tags"]!["team"]!.GetValue<string>());
        Assert.Equal("0481e838-0a59-4eff-9541-a4ca6f149574", settings["webhook_notifications"]!["on_failure"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(2, settings["job_clusters"]![0]!["new_cluster"]!["num_workers"]!.GetValue<int>());
        var tasks = settings["tasks"]!.AsArray();
        Assert.Equal(["handoff_load", "refresh_dashboard"], tasks.Select(t => t!["task_key"]!.GetValue<string>()));
        Assert.Equal("main", tasks[0]!["job_cluster_key"]!.GetValue<string>());
        Assert.Equal(5, tasks[0]!["max_retries"]!.GetValue<int>());
        Assert.NotNull(tasks[0]!["spark_python_task"]);
        Assert.Equal("/Shared/refresh", tasks[1]!["notebook_task"]!["notebook_path"]!.GetValue<string>());
    }

    [Fact]
    public async Task From_a_json_definition_with_its_own_schedule()
    {
        var file = _cli.Temp.Combine("job.json");
        await File.WriteAllTextAsync(file, """
            {
              "max_concurrent_runs": 2,
              "schedule": { "quartz_cron_expression": "0 15 3 * * ?", "timezone_id": "America/New_York" },
              "tasks": [ { "task_key": "handoff_load", "existing_cluster_id": "0202-def" } ]
            }
            """);

        var result = await _cli.ScheduleAsync("--from", file, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var settings = _fake.RequestsTo("POST /api/2.2/jobs/create").Single().Json;
        Assert.Equal(2, settings["max_concurrent_runs"]!.GetValue<int>());
        Assert.Equal("0 15 3 * * ?", settings["schedule"]!["quartz_cron_expression"]!.GetValue<string>());
        Assert.Equal("America/New_York", settings["schedule"]!["timezone_id"]!.GetValue<string>());
        Assert.Equal("0202-def", settings["tasks"]![0]!["existing_cluster_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dry_run_prints_a_valid_create_body_and_sends_nothing()
    {
        _cli.Environment.Clear();
        _cli.Environment["HOME"] = _cli.Home;

        var result = await _cli.ScheduleAsync("--dry-run", "--cluster-id", "0101-abc", "--cron", "0 0 6 * * ?");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_fake.Requests);
        Assert.Contains("POST /api/2.2/jobs/create", result.Error, StringComparison.Ordinal);
        Assert.Contains("jobs/reset", result.Error, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(result.Out);
        Assert.Equal("0 0 6 * * ?", body.RootElement.GetProperty("schedule").GetProperty("quartz_cron_expression").GetString());
        Assert.Equal("0101-abc", body.RootElement.GetProperty("tasks")[0].GetProperty("existing_cluster_id").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("max_concurrent_runs").GetInt32());
    }

    [Fact]
    public async Task Without_compute_anywhere_the_message_says_what_to_give()
    {
        var result = await _cli.ScheduleAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--cluster-id ID, --new-cluster FILE.json or --serverless", result.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }
}
