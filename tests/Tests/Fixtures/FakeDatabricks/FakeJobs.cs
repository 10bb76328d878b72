using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>A job the fake workspace holds, with its settings exactly as last sent.</summary>
public sealed class FakeJob(long jobId, JsonObject settings)
{
    public long JobId { get; } = jobId;

    public JsonObject Settings { get; internal set; } = settings;

    public string? Name => Settings["name"]?.GetValue<string>();
}

/// <summary>jobs/create, reset, update, get, list, run-now, delete, with 2.2 paging and the defaults a real workspace adds to what it returns.</summary>
public sealed class FakeJobs(FakeRuns runs)
{
    private static readonly string[] PagedArrays = ["tasks", "job_clusters", "parameters", "environments"];
    private readonly object _gate = new();
    private readonly Dictionary<long, FakeJob> _jobs = [];
    private long _nextId = 100;

    public IReadOnlyList<FakeJob> All
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Values.OrderBy(j => j.JobId).ToList();
            }
        }
    }

    /// <summary>Adds a job directly (for tests that need one to exist).</summary>
    public FakeJob Add(JsonObject settings)
    {
        lock (_gate)
        {
            var job = new FakeJob(++_nextId, settings);
            _jobs[job.JobId] = job;
            return job;
        }
    }

    internal FakeReply Create(RecordedRequest request)
    {
        var settings = request.JsonBody();
        if (settings is null)
        {
            return FakeReply.BadRequest("Malformed request body.");
        }

        if (settings["schedule"] is JsonObject schedule && (schedule["quartz_cron_expression"] is null || schedule["timezone_id"] is null))
        {
            return FakeReply.BadRequest("schedule needs quartz_cron_expression and timezone_id");
        }

        return FakeReply.Json(new JsonObject { ["job_id"] = Add(settings).JobId });
    }

    internal FakeReply Reset(RecordedRequest request)
    {
        var body = request.JsonBody();
        if (body?["new_settings"] is not JsonObject settings)
        {
            return FakeReply.BadRequest("new_settings is required");
        }

        lock (_gate)
        {
            if (!TryFind(body, out var job, out var error))
            {
                return error!;
            }

            job!.Settings = (JsonObject)settings.DeepClone();
            return FakeReply.Json(new JsonObject());
        }
    }

    internal FakeReply Update(RecordedRequest request)
    {
        var body = request.JsonBody();
        lock (_gate)
        {
            if (!TryFind(body, out var job, out var error))
            {
                return error!;
            }

            var settings = (JsonObject)job!.Settings.DeepClone();
            foreach (var (key, value) in body?["new_settings"] as JsonObject ?? [])
            {
                settings[key] = value?.DeepClone();
            }

            foreach (var field in body?["fields_to_remove"] as JsonArray ?? [])
            {
                settings.Remove(field!.GetValue<string>());
            }

            job.Settings = settings;
            return FakeReply.Json(new JsonObject());
        }
    }

    internal FakeReply Get(HttpContext context)
    {
        lock (_gate)
        {
            if (context.QueryLong("job_id") is not { } jobId || !_jobs.TryGetValue(jobId, out var job))
            {
                return FakeReply.Error(400, "INVALID_PARAMETER_VALUE", $"Job {context.QueryValue("job_id")} does not exist.");
            }

            // 2.2 pages each array of the settings (tasks, job_clusters, parameters, environments) 100 at a time.
            var offset = context.QueryValue("page_token") is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
            var settings = WithServerDefaults(job.Settings);
            var more = false;
            foreach (var name in PagedArrays)
            {
                if (settings[name] is JsonArray all)
                {
                    settings[name] = new JsonArray(all.Skip(offset).Take(FakeRuns.TaskPageSize).Select(t => t?.DeepClone()).ToArray());
                    more |= offset + FakeRuns.TaskPageSize < all.Count;
                }
            }

            var result = new JsonObject { ["job_id"] = job.JobId, ["creator_user_name"] = "someone@example.com", ["created_time"] = 1_735_689_600_000, ["settings"] = settings };
            if (more)
            {
                result["next_page_token"] = (offset + FakeRuns.TaskPageSize).ToString(CultureInfo.InvariantCulture);
            }

            return FakeReply.Json(result);
        }
    }

    internal FakeReply List(HttpContext context)
    {
        var limit = context.QueryLong("limit") ?? 20;
        if (limit is < 1 or > 100)
        {
            return FakeReply.BadRequest($"limit must be between 1 and 100, got {limit}");
        }

        var name = context.QueryValue("name");
        var offset = context.QueryValue("page_token") is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var expand = context.QueryBool("expand_tasks");
        lock (_gate)
        {
            var matching = _jobs.Values
                .Where(j => name is null || string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(j => j.JobId)
                .ToList();
            var page = matching.Skip(offset).Take((int)limit).Select(j =>
            {
                var settings = WithServerDefaults(j.Settings);
                if (!expand)
                {
                    settings.Remove("tasks");
                    settings.Remove("job_clusters");
                }

                return (JsonNode)new JsonObject { ["job_id"] = j.JobId, ["creator_user_name"] = "someone@example.com", ["settings"] = settings };
            }).ToArray();
            var more = offset + page.Length < matching.Count;
            var result = new JsonObject { ["jobs"] = new JsonArray(page), ["has_more"] = more };
            if (more)
            {
                result["next_page_token"] = (offset + page.Length).ToString(CultureInfo.InvariantCulture);
            }

            return FakeReply.Json(result);
        }
    }

    internal FakeReply RunNow(RecordedRequest request)
    {
        var body = request.JsonBody();
        lock (_gate)
        {
            if (!TryFind(body, out var job, out var error))
            {
                return error!;
            }

            var keys = (job!.Settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().Select(t => t["task_key"]!.GetValue<string>()).ToList();
            var run = runs.Start(body!, job.JobId, keys, body!["idempotency_token"]?.GetValue<string>());
            return FakeReply.Json(new JsonObject { ["run_id"] = run.RunId, ["number_in_job"] = run.RunId });
        }
    }

    internal FakeReply Delete(RecordedRequest request)
    {
        var body = request.JsonBody();
        lock (_gate)
        {
            if (!TryFind(body, out var job, out var error))
            {
                return error!;
            }

            _jobs.Remove(job!.JobId);
            return FakeReply.Json(new JsonObject());
        }
    }

    /// <summary>What a workspace adds when it returns settings: the job format, empty notifications, each task's run_if and timeout.</summary>
    private static JsonObject WithServerDefaults(JsonObject stored)
    {
        var settings = (JsonObject)stored.DeepClone();
        settings["format"] ??= "MULTI_TASK";
        settings["email_notifications"] ??= new JsonObject();
        settings["timeout_seconds"] ??= 0;
        foreach (var task in settings["tasks"] as JsonArray ?? [])
        {
            if (task is JsonObject t)
            {
                t["run_if"] ??= "ALL_SUCCESS";
                t["timeout_seconds"] ??= 0;
                t["email_notifications"] ??= new JsonObject();
            }
        }

        return settings;
    }

    private bool TryFind(JsonObject? body, out FakeJob? job, out FakeReply? error)
    {
        job = null;
        error = null;
        var id = body?["job_id"]?.GetValue<long>();
        if (id is null || !_jobs.TryGetValue(id.Value, out job))
        {
            error = FakeReply.Error(400, "INVALID_PARAMETER_VALUE", $"Job {id} does not exist.");
            return false;
        }

        return true;
    }
}
