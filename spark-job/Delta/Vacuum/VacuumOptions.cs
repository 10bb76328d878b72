namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// How a vacuum runs: the retention window in hours (null: the table's
/// delta.deletedFileRetentionDuration, or 168), whether to only list what would go, and whether a
/// window shorter than the table's own is allowed.
/// </summary>
public sealed record VacuumOptions
{
    public int? RetainHours { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Allow a window below the table's setting (Delta's retentionDurationCheck turned off).</summary>
    public bool Force { get; init; }
}
