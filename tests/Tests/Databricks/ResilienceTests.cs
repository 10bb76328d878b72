using System.Text.Json.Nodes;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Databricks.Jobs;
using Handoff.Shared.Databricks.Runs;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>Retries, timeouts and error parsing against the fake workspace's injected faults.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new();
    private readonly ListLogger _log = new();
    private FakeWorkspace _fake = null!;
    private DatabricksClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWorkspace.StartAsync();
        _client = ClientFactory.For(_fake, _clock, log: _log);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_Retry_After_says_then_succeeds()
    {
        _fake.Faults.Add("GET", "/api/2.2/jobs/runs/list", new FakeFault.TooManyRequests(RetryAfterSeconds: 7), times: 2);

        var runs = await ListRunsAsync();

        Assert.Empty(runs);
        Assert.Equal(3, _fake.RequestsTo("GET /api/2.2/jobs/runs/list").Count);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], _clock.Delays);
        Assert.Contains("429", _log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_even_for_a_call_that_is_not_idempotent()
    {
        _fake.Faults.Add("POST", "/api/2.2/jobs/create", new FakeFault.TooManyRequests(1));

        var jobId = await _client.Jobs.CreateAsync(new JobSettings { Name = "x" }, CancellationToken.None);

        Assert.Single(_fake.Jobs.All);
        Assert.Equal(jobId, _fake.Jobs.All[0].JobId);
    }

    [Fact]
    public async Task Unavailable_is_retried_with_growing_capped_jittered_backoff()
    {
        _fake.Faults.Add("GET", "/api/2.2/jobs/runs/list", new FakeFault.Unavailable(), times: 4);

        await ListRunsAsync();

        var delays = _clock.Delays;
        Assert.Equal(4, delays.Count);
        for (var i = 0; i < delays.Count; i++)
        {
            var full = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, i), 30));
            Assert.InRange(delays[i], full / 2, full);
        }
    }

    [Fact]
    public async Task Unavailable_on_a_create_is_not_retried_because_a_second_job_could_appear()
    {
        _fake.Faults.Add("POST", "/api/2.2/jobs/create", new FakeFault.Unavailable());

        var error = await Assert.ThrowsAsync<DatabricksRequestException>(() => _client.Jobs.CreateAsync(new JobSettings { Name = "x" }, CancellationToken.None));

        Assert.Equal(503, error.Status);
        Assert.Equal("TEMPORARILY_UNAVAILABLE", error.ErrorCode);
        Assert.Single(_fake.RequestsTo("POST /api/2.2/jobs/create"));
    }

    [Fact]
    public async Task A_reset_connection_is_retried_for_a_read()
    {
        _fake.Faults.Add("GET", "/api/2.2/jobs/runs/list", new FakeFault.ResetConnection());

        await ListRunsAsync();

        Assert.Equal(2, _fake.RequestsTo("GET /api/2.2/jobs/runs/list").Count);
    }

    [Fact]
    public async Task A_reset_connection_on_a_create_is_not_retried_and_says_why()
    {
        _fake.Faults.Add("POST", "/api/2.2/jobs/create", new FakeFault.ResetConnection());

        var error = await Assert.ThrowsAsync<DatabricksRequestException>(() => _client.Jobs.CreateAsync(new JobSettings { Name = "x" }, CancellationToken.None));

        Assert.Equal("TRANSPORT_ERROR", error.ErrorCode);
        Assert.Contains("not idempotent", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.RequestsTo("POST /api/2.2/jobs/create"));
    }

    [Fact]
    public async Task A_submit_with_an_idempotency_token_is_retried_after_a_reset_and_starts_one_run()
    {
        // The first attempt reaches the workspace only as far as the fault; the retry starts the run.
        _fake.Faults.Add("POST", "/api/2.2/jobs/runs/submit", new FakeFault.ResetConnection());
        var request = SubmitRequest("token-1");

        var first = await _client.Runs.SubmitAsync(request, CancellationToken.None);
        var again = await _client.Runs.SubmitAsync(request, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Single(_fake.Runs.All);
        Assert.Equal(3, _fake.RequestsTo("POST /api/2.2/jobs/runs/submit").Count);
    }

    [Fact]
    public async Task A_submit_without_a_token_is_not_retried_after_a_reset()
    {
        _fake.Faults.Add("POST", "/api/2.2/jobs/runs/submit", new FakeFault.ResetConnection());

        var error = await Assert.ThrowsAsync<DatabricksRequestException>(() => _client.Runs.SubmitAsync(SubmitRequest(token: null), CancellationToken.None));

        Assert.Contains("jobs/runs/submit", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.RequestsTo("POST /api/2.2/jobs/runs/submit"));
    }

    [Fact]
    public async Task A_slow_response_times_out_and_the_read_is_tried_again()
    {
        _fake.Faults.Add("GET", "/api/2.2/jobs/runs/list", new FakeFault.SlowResponse(TimeSpan.FromSeconds(30)));

        await ListRunsAsync();

        Assert.Equal(2, _fake.RequestsTo("GET /api/2.2/jobs/runs/list").Count);
        Assert.Contains("request timed out after 3 s of inactivity", _log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Giving_up_after_every_retry_names_the_call_and_the_attempts()
    {
        using var client = ClientFactory.For(_fake, _clock, maxRetries: 2);
        _fake.Faults.Add("GET", "/api/2.2/jobs/runs/list", new FakeFault.ResetConnection(), times: 3);

        var error = await Assert.ThrowsAsync<DatabricksRequestException>(async () =>
        {
            await foreach (var run in client.Runs.ListAsync(null, CancellationToken.None))
            {
            }
        });

        Assert.Contains("jobs/runs/list", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_typed_error_that_says_what_came_back()
    {
        _fake.Faults.Add("GET", "/api/2.2/jobs/runs/get", new FakeFault.MalformedJson());

        var error = await Assert.ThrowsAsync<DatabricksRequestException>(() => _client.Runs.GetAsync(1, CancellationToken.None));

        Assert.Equal("MALFORMED_RESPONSE", error.ErrorCode);
        Assert.Contains("jobs/runs/get", error.Message, StringComparison.Ordinal);
        Assert.Contains("not the JSON the API documents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permission_denied_passes_the_api_message_through()
    {
        _fake.Faults.Add("POST", "/api/2.2/jobs/runs/submit", new FakeFault.ApiError(403, "PERMISSION_DENIED", "User alice@example.com does not have Can Attach To permission on cluster 0101-abc."));

        var error = await Assert.ThrowsAsync<DatabricksRequestException>(() => _client.Runs.SubmitAsync(SubmitRequest("t"), CancellationToken.None));

        Assert.Equal(403, error.Status);
        Assert.Equal("PERMISSION_DENIED", error.ErrorCode);
        Assert.Equal("User alice@example.com does not have Can Attach To permission on cluster 0101-abc.", error.ApiMessage);
        Assert.Contains("does not have Can Attach To permission on cluster 0101-abc", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsClientError);
    }

    [Fact]
    public async Task A_missing_job_or_run_is_a_400_that_reads_as_not_found_as_the_sdk_renames_it()
    {
        var job = await Assert.ThrowsAsync<DatabricksRequestException>(() => _client.Jobs.GetAsync(999, CancellationToken.None));
        var run = await Assert.ThrowsAsync<DatabricksRequestException>(() => _client.Runs.GetAsync(998, CancellationToken.None));

        Assert.Equal(400, job.Status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", job.ErrorCode);
        Assert.True(job.IsNotFound);
        Assert.Equal("Job 999 does not exist.", job.ApiMessage);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", run.ErrorCode);
        Assert.Equal("Run 998 does not exist.", run.ApiMessage);
    }

    [Fact]
    public async Task Debug_log_shows_requests_and_responses_without_the_token()
    {
        await _client.Jobs.CreateAsync(
            new JobSettings
            {
                Name = "logged",
                Tasks = [new JobTask { TaskKey = "t", NewCluster = new System.Text.Json.Nodes.JsonObject { ["spark_version"] = "15.4.x-scala2.12", ["spark_env_vars"] = new System.Text.Json.Nodes.JsonObject { ["STORAGE_SECRET"] = "hunter2" } } }],
            },
            CancellationToken.None);

        Assert.Contains("> POST /api/2.2/jobs/create", _log.Text, StringComparison.Ordinal);
        Assert.Contains("< 200 POST /api/2.2/jobs/create", _log.Text, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"logged\"", _log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Token, _log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", _log.Text, StringComparison.Ordinal);
        Assert.Contains("\"STORAGE_SECRET\":\"***\"", _log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_a_retry()
    {
        _fake.Faults.Add("GET", "/api/2.2/jobs/runs/get", new FakeFault.SlowResponse(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.Runs.GetAsync(1, cancel.Token));

        Assert.Single(_fake.RequestsTo("GET /api/2.2/jobs/runs/get"));
    }

    private async Task<List<Run>> ListRunsAsync()
    {
        var runs = new List<Run>();
        await foreach (var run in _client.Runs.ListAsync(null, CancellationToken.None))
        {
            runs.Add(run);
        }

        return runs;
    }

    private static SubmitRunRequest SubmitRequest(string? token) => new()
    {
        RunName = "r",
        IdempotencyToken = token,
        Tasks = [new JobTask { TaskKey = "t", ExistingClusterId = "c", SparkPythonTask = new SparkPythonTask { PythonFile = "/Volumes/a/b/c/x.py" } }],
    };
}
