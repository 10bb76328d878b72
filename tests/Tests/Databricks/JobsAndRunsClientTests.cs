using System.Text.Json.Nodes;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Jobs;
using Handoff.Shared.Databricks.Runs;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;
using DatabricksJob = Handoff.Shared.Databricks.Jobs.Job;

namespace Handoff.Tests.Databricks;

/// <summary>The Jobs API 2.2 sub-clients: field names on the wire, paging, idempotency, and enum values we do not know.</summary>
public sealed class JobsAndRunsClientTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new();
    private FakeWorkspace _fake = null!;
    private DatabricksClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWorkspace.StartAsync();
        _client = ClientFactory.For(_fake, _clock);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Submit_sends_the_jobs_api_field_names()
    {
        await _client.Runs.SubmitAsync(
            new SubmitRunRequest
            {
                RunName = "load",
                IdempotencyToken = "tok",
                TimeoutSeconds = 600,
                Tasks = [new JobTask { TaskKey = "handoff_load", ExistingClusterId = "0101-abc", SparkPythonTask = new SparkPythonTask { PythonFile = "/Volumes/c/s/v/l.py", Parameters = ["--", "load"] } }],
            },
            CancellationToken.None);

        var body = _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Single().Json;
        Assert.Equal(
            """{"run_name":"load","tasks":[{"task_key":"handoff_load","spark_python_task":{"python_file":"/Volumes/c/s/v/l.py","parameters":["--","load"]},"existing_cluster_id":"0101-abc"}],"timeout_seconds":600,"idempotency_token":"tok"}""",
            body.ToJsonString());
    }

    [Fact]
    public async Task Get_follows_next_page_token_and_merges_more_than_100_tasks()
    {
        var keys = Enumerable.Range(0, 250).Select(i => $"task_{i:000}").ToList();
        var run = _fake.Runs.Create(new JsonObject { ["run_name"] = "wide" }, null, keys);

        var got = await _client.Runs.GetAsync(run.RunId, CancellationToken.None);

        Assert.Equal(keys, got.Tasks!.Select(t => t.TaskKey));
        Assert.Equal(run.Tasks.Select(t => t.RunId), got.Tasks!.Select(t => t.RunId));
        Assert.Null(got.NextPageToken);
        Assert.Equal(3, _fake.RequestsTo("GET /api/2.2/jobs/runs/get").Count);
    }

    [Fact]
    public async Task List_follows_every_page_of_more_than_100_runs()
    {
        for (var i = 0; i < 130; i++)
        {
            _fake.Runs.Create(new JsonObject { ["run_name"] = $"r{i}" }, jobId: i % 2 == 0 ? 5 : null, ["t"]);
        }

        var all = new List<Run>();
        await foreach (var run in _client.Runs.ListAsync(null, CancellationToken.None))
        {
            all.Add(run);
        }

        var ofJob = new List<Run>();
        await foreach (var run in _client.Runs.ListAsync(new RunListQuery { JobId = 5 }, CancellationToken.None))
        {
            ofJob.Add(run);
        }

        Assert.Equal(130, all.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(all.Select(r => r.RunId).OrderDescending(), all.Select(r => r.RunId));
        Assert.Equal(65, ofJob.Count);
        // The API takes a limit "greater than 0 and less than 25" (the fake refuses 25).
        Assert.All(_fake.RequestsTo("GET /api/2.2/jobs/runs/list"), r => Assert.Contains("limit=24", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_life_cycle_state_passes_through_as_a_string()
    {
        var run = _fake.Runs.Create(new JsonObject(), null, ["t"], new RunScript([new RunStep("WAITING_FOR_CAPACITY", null, "queued behind 3 runs"), new RunStep("TERMINATED", "SUCCESS_WITH_WARNINGS")]));

        var first = await _client.Runs.GetAsync(run.RunId, CancellationToken.None);
        var second = await _client.Runs.GetAsync(run.RunId, CancellationToken.None);

        Assert.Equal("WAITING_FOR_CAPACITY", first.LifeCycle);
        Assert.False(first.IsFinal);
        Assert.Equal("queued behind 3 runs", first.State!.StateMessage);
        Assert.True(second.IsFinal);
        Assert.Equal("SUCCESS_WITH_WARNINGS", second.Result);
    }

    [Fact]
    public async Task Get_output_of_a_task_run_returns_its_logs()
    {
        var run = _fake.Runs.Create(new JsonObject(), null, ["handoff_load"], RunScript.Succeeds() with { Steps = [new RunStep("TERMINATED", "SUCCESS")] });

        var output = await _client.Runs.GetOutputAsync(run.Tasks[0].RunId, CancellationToken.None);

        Assert.Contains("HANDOFF_EXIT_CODE: 0", output.Logs, StringComparison.Ordinal);
        Assert.False(output.LogsTruncated);
    }

    [Fact]
    public async Task Cancel_stops_the_run()
    {
        var run = _fake.Runs.Create(new JsonObject(), null, ["t"], RunScript.Endless());

        await _client.Runs.CancelAsync(run.RunId, CancellationToken.None);
        var got = await _client.Runs.GetAsync(run.RunId, CancellationToken.None);

        Assert.Equal("""{"run_id":""" + run.RunId + "}", _fake.RequestsTo("POST /api/2.2/jobs/runs/cancel").Single().Text);
        Assert.Equal(ResultStates.Canceled, got.Result);
    }

    [Fact]
    public async Task Jobs_create_get_update_reset_delete_round_trip()
    {
        var settings = new JobSettings
        {
            Name = "nightly",
            MaxConcurrentRuns = 1,
            Queue = new QueueSettings(true),
            Schedule = new CronSchedule { QuartzCronExpression = "0 0 2 * * ?", TimezoneId = "UTC", PauseStatus = "UNPAUSED" },
            Tasks = [new JobTask { TaskKey = "t", ExistingClusterId = "c", SparkPythonTask = new SparkPythonTask { PythonFile = "/x.py" }, MaxRetries = 2, MinRetryIntervalMillis = 300_000 }],
        };

        var jobId = await _client.Jobs.CreateAsync(settings, CancellationToken.None);
        Assert.Equal(
            """{"name":"nightly","tasks":[{"task_key":"t","spark_python_task":{"python_file":"/x.py"},"existing_cluster_id":"c","max_retries":2,"min_retry_interval_millis":300000}],"schedule":{"quartz_cron_expression":"0 0 2 * * ?","timezone_id":"UTC","pause_status":"UNPAUSED"},"max_concurrent_runs":1,"queue":{"enabled":true}}""",
            _fake.RequestsTo("POST /api/2.2/jobs/create").Single().Text);

        await _client.Jobs.UpdateAsync(jobId, new JobSettings { MaxConcurrentRuns = 3 }, ["queue"], CancellationToken.None);
        var updated = await _client.Jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal(3, updated.Settings!.MaxConcurrentRuns);
        Assert.Null(updated.Settings.Queue);
        Assert.Equal("MULTI_TASK", updated.Settings.Extra!["format"].GetString());
        Assert.Equal("""{"job_id":""" + jobId + ""","new_settings":{"max_concurrent_runs":3},"fields_to_remove":["queue"]}""", _fake.RequestsTo("POST /api/2.2/jobs/update").Single().Text);

        await _client.Jobs.ResetAsync(jobId, settings with { Name = "renamed" }, CancellationToken.None);
        Assert.Equal("renamed", (await _client.Jobs.GetAsync(jobId, CancellationToken.None)).Settings!.Name);

        await _client.Jobs.DeleteAsync(jobId, CancellationToken.None);
        Assert.Empty(_fake.Jobs.All);
    }

    [Fact]
    public async Task Jobs_get_merges_more_than_100_tasks()
    {
        var tasks = new JsonArray(Enumerable.Range(0, 120).Select(i => (JsonNode)new JsonObject { ["task_key"] = $"t{i}", ["existing_cluster_id"] = "c" }).ToArray());
        var job = _fake.Jobs.Add(new JsonObject { ["name"] = "wide", ["tasks"] = tasks });

        var got = await _client.Jobs.GetAsync(job.JobId, CancellationToken.None);

        Assert.Equal(120, got.Settings!.Tasks!.Count);
        Assert.Equal("t119", got.Settings.Tasks[^1].TaskKey);
        Assert.Equal(2, _fake.RequestsTo("GET /api/2.2/jobs/get").Count);
    }

    [Fact]
    public async Task Jobs_list_filters_by_name_and_follows_pages()
    {
        for (var i = 0; i < 230; i++)
        {
            _fake.Jobs.Add(new JsonObject { ["name"] = i % 2 == 0 ? "even" : $"odd {i}" });
        }

        var even = new List<DatabricksJob>();
        await foreach (var job in _client.Jobs.ListAsync("even", CancellationToken.None))
        {
            even.Add(job);
        }

        var all = new List<DatabricksJob>();
        await foreach (var job in _client.Jobs.ListAsync(null, CancellationToken.None))
        {
            all.Add(job);
        }

        Assert.Equal(115, even.Count);
        Assert.All(even, j => Assert.Equal("even", j.Settings!.Name));
        Assert.Equal(230, all.Count);
        Assert.Contains(_fake.RequestsTo("GET /api/2.2/jobs/list"), r => r.Query.Contains("name=even", StringComparison.Ordinal) && r.Query.Contains("limit=100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_now_sends_job_parameters_and_its_idempotency_token_starts_one_run()
    {
        var job = _fake.Jobs.Add(new JsonObject { ["name"] = "j", ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "handoff_load" }) });
        var options = new RunNowOptions { IdempotencyToken = "rn-1", JobParameters = new Dictionary<string, string> { ["manifest"] = "/Volumes/x/e2" } };

        var first = await _client.Jobs.RunNowAsync(job.JobId, options, CancellationToken.None);
        var second = await _client.Jobs.RunNowAsync(job.JobId, options, CancellationToken.None);

        Assert.Equal(first.RunId, second.RunId);
        Assert.Single(_fake.Runs.All);
        Assert.Equal(
            """{"job_id":""" + job.JobId + ""","idempotency_token":"rn-1","job_parameters":{"manifest":"/Volumes/x/e2"}}""",
            _fake.RequestsTo("POST /api/2.2/jobs/run-now")[0].Text);
    }

    [Fact]
    public async Task A_run_now_retried_after_a_reset_connection_starts_one_run()
    {
        var job = _fake.Jobs.Add(new JsonObject { ["name"] = "j", ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "t" }) });
        _fake.Faults.Add("POST", "/api/2.2/jobs/run-now", new FakeFault.Unavailable());

        await _client.Jobs.RunNowAsync(job.JobId, new RunNowOptions { IdempotencyToken = "rn-2" }, CancellationToken.None);

        Assert.Equal(2, _fake.RequestsTo("POST /api/2.2/jobs/run-now").Count);
        Assert.Single(_fake.Runs.All);
    }
}
