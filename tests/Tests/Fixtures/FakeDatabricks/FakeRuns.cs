using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>A run the fake workspace holds: its script, where it is in it, and its tasks.</summary>
public sealed class FakeRun(long runId, long? jobId, string runName, RunScript script, IReadOnlyList<(string TaskKey, long RunId)> tasks, JsonObject request, long startTime)
{
    public long RunId { get; } = runId;

    public long? JobId { get; } = jobId;

    public string RunName { get; } = runName;

    public RunScript Script { get; } = script;

    public IReadOnlyList<(string TaskKey, long RunId)> Tasks { get; } = tasks;

    /// <summary>The body that started the run (runs/submit or jobs/run-now).</summary>
    public JsonObject Request { get; } = request;

    public long StartTime { get; } = startTime;

    public int StepIndex { get; internal set; }

    public bool Cancelled { get; internal set; }

    public int Polls { get; internal set; }

    public RunStep Step => Cancelled ? new RunStep("TERMINATED", "CANCELED", "Run cancelled.") : Script.Steps[StepIndex];

    public bool IsFinal => Step.LifeCycleState is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR";
}

/// <summary>runs/submit, runs/get, runs/get-output, runs/cancel, runs/list: runs with state, idempotency tokens, and 2.2 paging.</summary>
public sealed class FakeRuns(Func<string> host)
{
    public const int TaskPageSize = 100;

    // The fields that say where a task runs; a submitted task must set exactly one.
    private static readonly string[] ComputeFields = ["existing_cluster_id", "new_cluster", "job_cluster_key", "environment_key"];

    private readonly object _gate = new();
    private readonly Dictionary<long, FakeRun> _runs = [];
    private readonly Dictionary<long, FakeRun> _byTaskRun = [];
    private readonly Dictionary<string, long> _tokens = [];
    private long _nextId = 7000;

    /// <summary>Scripts for the next runs, in order; when empty, <see cref="DefaultScript"/>.</summary>
    public ConcurrentQueue<RunScript> NextScripts { get; } = new();

    public RunScript DefaultScript { get; set; } = RunScript.Succeeds();

    public IReadOnlyList<FakeRun> All
    {
        get
        {
            lock (_gate)
            {
                return _runs.Values.OrderBy(r => r.RunId).ToList();
            }
        }
    }

    public FakeRun Get(long runId)
    {
        lock (_gate)
        {
            return _runs[runId];
        }
    }

    /// <summary>Creates a run directly (for tests that need many runs).</summary>
    public FakeRun Create(JsonObject request, long? jobId, IReadOnlyList<string> taskKeys, RunScript? script = null)
    {
        lock (_gate)
        {
            var runId = ++_nextId;
            var tasks = taskKeys.Select(k => (k, ++_nextId)).ToList();
            if (!NextScripts.TryDequeue(out var next))
            {
                next = DefaultScript;
            }

            var run = new FakeRun(runId, jobId, request["run_name"]?.GetValue<string>() ?? $"run {runId}", script ?? next, tasks, request, 1_735_700_000_000 + runId);
            _runs[runId] = run;
            foreach (var (_, taskRunId) in tasks)
            {
                _byTaskRun[taskRunId] = run;
            }

            return run;
        }
    }

    /// <summary>A new run, or the run an idempotency token already started.</summary>
    internal FakeRun Start(JsonObject request, long? jobId, IReadOnlyList<string> taskKeys, string? token)
    {
        lock (_gate)
        {
            if (token is not null && _tokens.TryGetValue(token, out var existing))
            {
                return _runs[existing];
            }

            var run = Create(request, jobId, taskKeys);
            if (token is not null)
            {
                _tokens[token] = run.RunId;
            }

            return run;
        }
    }

    internal FakeReply Submit(RecordedRequest request)
    {
        var body = request.JsonBody();
        if (body?["tasks"] is not JsonArray tasks || tasks.Count == 0)
        {
            return FakeReply.BadRequest("At least one task is required.");
        }

        var keys = new List<string>();
        foreach (var task in tasks.OfType<JsonObject>())
        {
            var key = task["task_key"]?.GetValue<string>();
            if (string.IsNullOrEmpty(key))
            {
                return FakeReply.BadRequest("Task key must be set.");
            }

            var computes = ComputeFields.Count(task.ContainsKey);
            if (computes != 1)
            {
                return FakeReply.BadRequest($"Task {key}: exactly one of existing_cluster_id, new_cluster, job_cluster_key, environment_key must be set.");
            }

            if (task["environment_key"] is { } environment && !(body["environments"] as JsonArray ?? []).OfType<JsonObject>().Any(e => e["environment_key"]?.ToJsonString() == environment.ToJsonString()))
            {
                return FakeReply.BadRequest($"Task {key}: environment {environment} is not defined in environments.");
            }

            keys.Add(key);
        }

        var run = Start(body, null, keys, body["idempotency_token"]?.GetValue<string>());
        return FakeReply.Json(new JsonObject { ["run_id"] = run.RunId });
    }

    internal FakeReply GetRun(HttpContext context)
    {
        if (context.QueryLong("run_id") is not { } runId)
        {
            return FakeReply.BadRequest("run_id is required");
        }

        var pageToken = context.QueryValue("page_token");
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var run))
            {
                return MissingRun(runId);
            }

            var offset = pageToken is null ? 0 : int.Parse(pageToken, CultureInfo.InvariantCulture);
            var json = RunJson(run, offset);
            if (pageToken is null)
            {
                // Every first-page poll moves the run one step along its script.
                run.Polls++;
                if (!run.Cancelled && run.StepIndex < run.Script.Steps.Count - 1)
                {
                    run.StepIndex++;
                }
            }

            return FakeReply.Json(json);
        }
    }

    internal FakeReply GetOutput(HttpContext context)
    {
        var runId = context.QueryLong("run_id");
        lock (_gate)
        {
            if (runId is { } id && _runs.TryGetValue(id, out var parent))
            {
                return FakeReply.BadRequest(
                    $"Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead. Run {parent.RunId} has tasks: {string.Join(", ", parent.Tasks.Select(t => t.RunId))}.");
            }

            if (runId is not { } taskRunId || !_byTaskRun.TryGetValue(taskRunId, out var run))
            {
                return MissingRun(runId);
            }

            var output = new JsonObject { ["metadata"] = TaskJson(run, run.Tasks.First(t => t.RunId == taskRunId)) };
            if (run.IsFinal)
            {
                output["logs"] = run.Script.Logs;
                output["logs_truncated"] = false;
                if (run.Script.Error is { } error)
                {
                    output["error"] = error;
                    output["error_trace"] = "Traceback (most recent call last):\n  ...\n" + error;
                }
            }

            return FakeReply.Json(output);
        }
    }

    internal FakeReply Cancel(RecordedRequest request)
    {
        var runId = request.JsonBody()?["run_id"]?.GetValue<long>();
        lock (_gate)
        {
            if (runId is not { } id || !_runs.TryGetValue(id, out var run))
            {
                return MissingRun(runId);
            }

            if (!run.IsFinal)
            {
                run.Cancelled = true;
            }

            return FakeReply.Json(new JsonObject());
        }
    }

    internal FakeReply List(HttpContext context)
    {
        // "greater than 0 and less than 25. The default value is 20" (service/jobs/model.go, ListRunsRequest.Limit).
        var limit = context.QueryLong("limit") ?? 20;
        if (limit is < 1 or > 24)
        {
            return FakeReply.BadRequest($"limit must be greater than 0 and less than 25, got {limit}");
        }

        var offset = context.QueryValue("page_token") is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var jobId = context.QueryLong("job_id");
        var activeOnly = context.QueryBool("active_only");
        var completedOnly = context.QueryBool("completed_only");
        lock (_gate)
        {
            var matching = _runs.Values
                .Where(r => jobId is null || r.JobId == jobId)
                .Where(r => !activeOnly || !r.IsFinal)
                .Where(r => !completedOnly || r.IsFinal)
                .OrderByDescending(r => r.RunId)
                .ToList();
            var page = matching.Skip(offset).Take((int)limit).Select(r => (JsonNode)Summary(r)).ToArray();
            var more = offset + page.Length < matching.Count;
            var result = new JsonObject { ["runs"] = new JsonArray(page), ["has_more"] = more };
            if (more)
            {
                result["next_page_token"] = (offset + page.Length).ToString(CultureInfo.InvariantCulture);
            }

            return FakeReply.Json(result);
        }
    }

    private JsonObject Summary(FakeRun run)
    {
        var json = RunJson(run, 0);
        json.Remove("tasks");
        json.Remove("next_page_token");
        return json;
    }

    private JsonObject RunJson(FakeRun run, int taskOffset)
    {
        var step = run.Step;
        var json = new JsonObject
        {
            ["run_id"] = run.RunId,
            ["number_in_job"] = run.RunId,
            ["run_name"] = run.RunName,
            ["run_type"] = run.JobId is null ? "SUBMIT_RUN" : "JOB_RUN",
            ["state"] = StateJson(step),
            ["status"] = StatusJson(step),
            ["start_time"] = run.StartTime,
            ["end_time"] = run.IsFinal ? run.StartTime + 60_000 : 0,
            ["run_page_url"] = $"{host().TrimEnd('/')}/?o=1#job/runs/{run.RunId}",
        };
        if (run.JobId is { } jobId)
        {
            json["job_id"] = jobId;
        }

        var page = run.Tasks.Skip(taskOffset).Take(TaskPageSize).Select(t => (JsonNode)TaskJson(run, t)).ToArray();
        json["tasks"] = new JsonArray(page);
        if (taskOffset + page.Length < run.Tasks.Count)
        {
            json["next_page_token"] = (taskOffset + page.Length).ToString(CultureInfo.InvariantCulture);
        }

        return json;
    }

    private static JsonObject TaskJson(FakeRun run, (string TaskKey, long RunId) task) => new()
    {
        ["run_id"] = task.RunId,
        ["task_key"] = task.TaskKey,
        ["state"] = StateJson(run.Step),
        ["start_time"] = run.StartTime,
        ["attempt_number"] = 0,
    };

    /// <summary>
    /// A missing run is a 400 INVALID_PARAMETER_VALUE "Run … does not exist", as the SDK's error
    /// overrides expect (databricks/databricks-sdk-go v0.175.0, apierr/error_overrides.go).
    /// </summary>
    private static FakeReply MissingRun(long? runId) => FakeReply.Error(400, "INVALID_PARAMETER_VALUE", $"Run {runId} does not exist.");

    /// <summary>
    /// The 2.2 status: its state takes only BLOCKED, PENDING, QUEUED, RUNNING, TERMINATING,
    /// TERMINATED and WAITING (service/jobs/model.go, RunLifecycleStateV2State); a finished run
    /// says how it ended in termination_details (TerminationCodeCode, TerminationTypeType).
    /// </summary>
    private static JsonObject StatusJson(RunStep step)
    {
        var state = step.LifeCycleState switch
        {
            "SKIPPED" or "INTERNAL_ERROR" or "TERMINATED" => "TERMINATED",
            "WAITING_FOR_RETRY" => "WAITING",
            "BLOCKED" or "PENDING" or "QUEUED" or "RUNNING" or "TERMINATING" => step.LifeCycleState,
            _ => "RUNNING",
        };
        var status = new JsonObject { ["state"] = state };
        if (state == "TERMINATED")
        {
            var (code, type) = (step.LifeCycleState, step.ResultState) switch
            {
                ("SKIPPED", _) => ("SKIPPED", "SUCCESS"),
                ("INTERNAL_ERROR", _) => ("INTERNAL_ERROR", "INTERNAL_ERROR"),
                (_, "SUCCESS") => ("SUCCESS", "SUCCESS"),
                (_, "CANCELED") => ("USER_CANCELED", "SUCCESS"),
                (_, "TIMEDOUT") => ("CANCELED", "SUCCESS"),
                _ => ("RUN_EXECUTION_ERROR", "CLIENT_ERROR"),
            };
            status["termination_details"] = new JsonObject { ["code"] = code, ["type"] = type, ["message"] = step.StateMessage };
        }

        return status;
    }

    private static JsonObject StateJson(RunStep step)
    {
        var state = new JsonObject { ["life_cycle_state"] = step.LifeCycleState, ["state_message"] = step.StateMessage, ["user_cancelled_or_timedout"] = step.ResultState is "CANCELED" or "TIMEDOUT" };
        if (step.ResultState is { } result)
        {
            state["result_state"] = result;
        }

        return state;
    }
}
