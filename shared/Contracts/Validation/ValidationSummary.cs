using System.Text.Json.Serialization;

namespace Handoff.Shared.Validation;

/// <summary>
/// A report at a glance: files verified, rows expected against rows found, the schema, the
/// table's version and total rows, and how long the run took. Printed first, stored in the JSON
/// report (--report-json and the validation-history table) as its <c>summary</c>.
/// </summary>
public sealed record ValidationSummary
{
    public required int Files { get; init; }

    /// <summary>Files present with the manifest's size, checksum and rows (every check of the file passed).</summary>
    public required int FilesVerified { get; init; }

    /// <summary>How the checksums were compared: "stored MD5", "recomputed MD5", "stored and recomputed MD5", or null when none was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Checksums { get; init; }

    public required long Bytes { get; init; }

    /// <summary>"overwrite": the table's rows are compared; "append": the rows the load's commit added.</summary>
    public required string Mode { get; init; }

    public required long RowsExpected { get; init; }

    /// <summary>The rows found (table rows, or rows added); null when the engine could not count them.</summary>
    public long? RowsActual { get; init; }

    public required int Columns { get; init; }

    public required bool NamesMatch { get; init; }

    public required bool TypesMatch { get; init; }

    public required bool NullabilityMatch { get; init; }

    public required long TableVersion { get; init; }

    public required long TableRows { get; init; }

    /// <summary>The report's checks, failed and unverified checks: set when the report is written (<see cref="ValidationReportJson"/>), so they always agree with its checks.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Checks { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FailedChecks { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? UnverifiedChecks { get; init; }

    /// <summary>From the run's start to its report; null until the job sets it. Stored as whole milliseconds.</summary>
    [JsonPropertyName("elapsedMs")]
    [JsonConverter(typeof(MillisecondsJsonConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TimeSpan? Elapsed { get; init; }

    /// <summary>This summary with <paramref name="report"/>'s check counts, as the report stores it.</summary>
    public ValidationSummary WithCounts(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return this with { Checks = report.Checks.Count, FailedChecks = report.FailedCount, UnverifiedChecks = report.UnverifiedCount };
    }

    /// <summary>This summary without the report-level counts, as <c>history --json</c> shows it next to the run's own counts.</summary>
    public ValidationSummary WithoutCounts() => this with { Checks = null, FailedChecks = null, UnverifiedChecks = null };
}
