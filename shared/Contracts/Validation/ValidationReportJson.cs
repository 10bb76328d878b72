using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.Shared.Validation;

/// <summary>
/// The stored form of a validation report (--report-json, the validation-history table, the
/// launcher's report line), written and read back through <see cref="ValidationReport"/> itself
/// (<see cref="ValidationReportJsonContext"/>): two-space indents, \n line ends, and non-ASCII
/// text as it is. Statuses are lowercase words ("passed", "failed", "unverified").
/// </summary>
public static class ValidationReportJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var stored = report.Summary is { } summary ? report with { Summary = summary.WithCounts(report) } : report;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            JsonSerializer.Serialize(writer, stored, ValidationReportJsonContext.Default.ValidationReport);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A report from its JSON form; null when the text is not one (not JSON, no checks, a summary missing a field).</summary>
    public static ValidationReport? Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, ValidationReportJsonContext.Default.ValidationReport) is { Checks: not null } report && report.Checks.All(c => c is not null)
                ? report with { ExportId = report.ExportId ?? string.Empty, Table = report.Table ?? string.Empty }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The summary a stored report carries, or null (an older report, or not a report).</summary>
    public static ValidationSummary? ReadSummary(string reportJson) => Read(reportJson)?.Summary;

    /// <summary>The summary as <c>history --json</c> shows it: the stored fields without the report-level check counts.</summary>
    public static JsonNode? SummaryNode(ValidationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return JsonSerializer.SerializeToNode(summary.WithoutCounts(), ValidationReportJsonContext.Default.ValidationSummary);
    }
}
