using System.Text.Json.Serialization;

namespace Handoff.Shared.Validation;

/// <summary>
/// The outcome of validating one load: every check, and whether none failed. Its JSON form
/// (<see cref="ValidationReportJson"/>) is this type as it stands, in the order exportId, table,
/// version, startedAt, passed, summary, checks.
/// </summary>
public sealed record ValidationReport(
    string ExportId,
    string Table,
    long Version,
    [property: JsonConverter(typeof(UtcTimestampJsonConverter))] DateTimeOffset StartedAt,
    [property: JsonPropertyOrder(3)] IReadOnlyList<ValidationCheck> Checks)
{
    /// <summary>True when no check failed; unverified checks do not fail the run. Written, never read: it follows from the checks.</summary>
    [JsonPropertyOrder(1)]
    public bool Passed => FailedCount == 0;

    [JsonIgnore]
    public int FailedCount => Checks.Count(c => c.Status == CheckStatus.Failed);

    [JsonIgnore]
    public int UnverifiedCount => Checks.Count(c => c.Status == CheckStatus.Unverified);

    /// <summary>The report at a glance; null for a report read back from a producer that wrote none.</summary>
    [JsonPropertyOrder(2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ValidationSummary? Summary { get; init; }

    /// <summary>The report with the run's elapsed time in its summary.</summary>
    public ValidationReport WithElapsed(TimeSpan elapsed) => Summary is null ? this : this with { Summary = Summary with { Elapsed = elapsed } };

    /// <summary>camelCase JSON: exportId, table, version, startedAt, passed, summary{...}, checks[{name, expected, actual, status}].</summary>
    public string ToJson() => ValidationReportJson.Write(this);
}
