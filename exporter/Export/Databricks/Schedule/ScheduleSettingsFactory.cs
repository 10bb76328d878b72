using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Databricks.Jobs;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Input;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>
/// The job settings <c>schedule</c> sends. The export (<c>manifest</c>, or the <c>exports</c>
/// prefix whose newest export each run loads) and the table are job parameters
/// (<c>{{job.parameters.exports}}</c>), so <c>jobs/run-now</c> can load from elsewhere
/// without changing the job. On top of a <c>--from</c> definition it sets the name, the
/// schedule and the <c>handoff_load</c> task, and fills defaults only where the file is silent:
/// one run at a time, queueing, task retries, and email on failure.
/// </summary>
public static class ScheduleSettingsFactory
{
    /// <summary>Tag holding a hash of the settings we sent, so a changed option is noticed even when it removes a field.</summary>
    public const string SettingsTag = "handoff_settings";

    public static JobSettings Create(ScheduleSpec spec, RemoteBundle remote)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var given = spec.From ?? new JobSettings();
        var tasks = (given.Tasks ?? []).ToList();
        var index = tasks.FindIndex(t => t.TaskKey == JobInvocation.TaskKey);
        var existing = index >= 0 ? tasks[index] : new JobTask { TaskKey = JobInvocation.TaskKey };

        var compute = spec.Compute ?? (FileCompute(existing, given) is null ? spec.FallbackCompute : null);
        var withCompute = compute?.ApplyTo(existing) ?? FileCompute(existing, given) ?? throw NoCompute();
        var invocation = new JobInvocation
        {
            Source = spec.Source.AsJobParameter(),
            Table = "{{job.parameters.table}}",
            Mode = spec.Mode,
            Mount = spec.Mount,
            CheckPaths = spec.CheckPaths,
            Serverless = withCompute.EnvironmentKey is not null,
        };
        var task = withCompute with
        {
            SparkPythonTask = invocation.Task(remote).SparkPythonTask,
            MaxRetries = existing.MaxRetries ?? spec.MaxRetries,
            MinRetryIntervalMillis = existing.MinRetryIntervalMillis ?? (long)spec.MinRetryInterval.TotalMilliseconds,
            RetryOnTimeout = existing.RetryOnTimeout ?? false,
            TimeoutSeconds = spec.TimeoutSeconds ?? existing.TimeoutSeconds,
        };
        if (index >= 0)
        {
            tasks[index] = task;
        }
        else
        {
            tasks.Add(task);
        }

        var settings = given with
        {
            Name = spec.Name,
            Tasks = tasks,
            Environments = MergeEnvironments(given.Environments, compute?.Environments()),
            Schedule = new CronSchedule
            {
                QuartzCronExpression = spec.Cron ?? given.Schedule?.QuartzCronExpression ?? ScheduleSpec.DefaultCron,
                TimezoneId = spec.TimeZone ?? given.Schedule?.TimezoneId ?? ScheduleSpec.DefaultTimeZone,
                PauseStatus = spec.Paused ? "PAUSED" : "UNPAUSED",
            },
            MaxConcurrentRuns = given.MaxConcurrentRuns ?? 1,
            Queue = given.Queue ?? new QueueSettings(true),
            EmailNotifications = spec.Notify.Count == 0 ? given.EmailNotifications : (given.EmailNotifications ?? new JobEmailNotifications()) with
            {
                OnFailure = (given.EmailNotifications?.OnFailure ?? []).Concat(spec.Notify).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            },
            Parameters = MergeParameters(given.Parameters, [new JobParameterDefinition(spec.Source.ParameterName, spec.Source.Location), new JobParameterDefinition("table", spec.Table)]),
        };
        return Tagged(settings);
    }

    /// <summary>The hash of the settings without our tag.</summary>
    public static string HashOf(JobSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var tags = settings.Tags?.Where(t => t.Key != SettingsTag).ToDictionary(t => t.Key, t => t.Value);
        var json = JsonSerializer.Serialize(settings with { Tags = tags is { Count: > 0 } ? tags : null }, DatabricksJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
    }

    private static JobSettings Tagged(JobSettings settings)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in settings.Tags ?? new Dictionary<string, string>())
        {
            tags[key] = value;
        }

        tags[SettingsTag] = HashOf(settings);
        return settings with { Tags = tags };
    }

    /// <summary>The task with the compute the file gives it: its own, the only job cluster, or the only environment; null when the file gives none.</summary>
    private static JobTask? FileCompute(JobTask task, JobSettings given)
    {
        if (task.HasCompute)
        {
            return task;
        }

        if (given.JobClusters is { Count: 1 } clusters && clusters[0]?["job_cluster_key"]?.GetValue<string>() is { } key)
        {
            return task with { JobClusterKey = key };
        }

        return given.Environments is { Count: 1 } environments ? task with { EnvironmentKey = environments[0].EnvironmentKey } : null;
    }

    private static InputArgumentException NoCompute() => new(
        $"say where the job runs: name its compute, or give the '{JobInvocation.TaskKey}' task compute (or exactly one job_clusters entry) in the job definition, or set DATABRICKS_CLUSTER_ID (cluster_id in the profile)",
        new NoJobCompute(JobInvocation.TaskKey));

    private static IReadOnlyList<JobEnvironment>? MergeEnvironments(IReadOnlyList<JobEnvironment>? given, IReadOnlyList<JobEnvironment>? ours)
    {
        if (ours is null)
        {
            return given;
        }

        var keys = ours.Select(e => e.EnvironmentKey).ToHashSet(StringComparer.Ordinal);
        return (given ?? []).Where(e => !keys.Contains(e.EnvironmentKey)).Concat(ours).ToList();
    }

    private static IReadOnlyList<JobParameterDefinition> MergeParameters(IReadOnlyList<JobParameterDefinition>? given, IReadOnlyList<JobParameterDefinition> ours)
    {
        var names = ours.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return (given ?? []).Where(p => !names.Contains(p.Name)).Concat(ours).ToList();
    }
}
