namespace Handoff.SparkJob.Validation;

/// <summary>The outcome of validating one load: every check, and whether none failed.</summary>
public sealed record ValidationReport(string ExportId, string Table, long Version, DateTimeOffset StartedAt, IReadOnlyList<ValidationCheck> Checks)
{
    /// <summary>True when no check failed; unverified checks do not fail the run.</summary>
    public bool Passed => FailedCount == 0;

    public int FailedCount => Checks.Count(c => c.Status == CheckStatus.Failed);

    public int UnverifiedCount => Checks.Count(c => c.Status == CheckStatus.Unverified);

    /// <summary>camelCase JSON: exportId, table, version, startedAt, passed, checks[{name, expected, actual, status}].</summary>
    public string ToJson() => ValidationReportJson.Write(this);
}
