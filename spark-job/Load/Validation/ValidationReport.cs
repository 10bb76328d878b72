namespace Handoff.SparkJob.Validation;

/// <summary>The outcome of validating one load: every check, and whether none failed.</summary>
public sealed record ValidationReport(string ExportId, string Table, long Version, DateTimeOffset StartedAt, IReadOnlyList<ValidationCheck> Checks)
{
    /// <summary>True when no check failed; unverified checks do not fail the run.</summary>
    public bool Passed => FailedCount == 0;

    public int FailedCount => Checks.Count(c => c.Status == CheckStatus.Failed);

    public int UnverifiedCount => Checks.Count(c => c.Status == CheckStatus.Unverified);

    /// <summary>The report at a glance; null for a report read back from a producer that wrote none.</summary>
    public ValidationSummary? Summary { get; init; }

    /// <summary>The report with the run's elapsed time in its summary.</summary>
    public ValidationReport WithElapsed(TimeSpan elapsed) => Summary is null ? this : this with { Summary = Summary with { Elapsed = elapsed } };

    /// <summary>camelCase JSON: exportId, table, version, startedAt, passed, summary{...}, checks[{name, expected, actual, status}].</summary>
    public string ToJson() => ValidationReportJson.Write(this);
}
