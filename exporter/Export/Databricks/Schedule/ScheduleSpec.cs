using Handoff.Shared.Databricks.Jobs;
using Handoff.Exporter.Databricks.Submit;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>What <c>exporter schedule</c> was asked for, checked; null fields fall back to the --from file, then to the defaults.</summary>
public sealed record ScheduleSpec
{
    public const string DefaultCron = "0 0 2 * * ?";
    public const string DefaultTimeZone = "UTC";

    public required string Name { get; init; }

    /// <summary>What each run loads; its location becomes a job parameter.</summary>
    public required ExportSource Source { get; init; }

    public required string Table { get; init; }

    public string Mode { get; init; } = "overwrite";

    /// <summary>Checked Quartz cron; null: the file's, else daily at 02:00.</summary>
    public string? Cron { get; init; }

    /// <summary>Checked IANA time zone; null: the file's, else UTC.</summary>
    public string? TimeZone { get; init; }

    public bool Paused { get; init; }

    public ComputeSpec? Compute { get; init; }

    /// <summary>The compute of the workspace configuration (DATABRICKS_CLUSTER_ID, the profile's cluster_id), used when neither the options nor --from give any.</summary>
    public ComputeSpec? FallbackCompute { get; init; }

    public JobSettings? From { get; init; }

    public IReadOnlyList<string> Notify { get; init; } = [];

    public int MaxRetries { get; init; } = 2;

    public TimeSpan MinRetryInterval { get; init; } = TimeSpan.FromMinutes(5);

    public long? TimeoutSeconds { get; init; }

    public MountSpec? Mount { get; init; }

    public IReadOnlyList<string> CheckPaths { get; init; } = [];
}
