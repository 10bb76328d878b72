using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.SparkJob.Validation;

/// <summary>
/// The stored form of a validation report; statuses are lowercase words ("passed", "failed",
/// "unverified"). Read back as well, for the report a job on Databricks printed and for the
/// validation history.
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
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("exportId", report.ExportId);
            writer.WriteString("table", report.Table);
            writer.WriteNumber("version", report.Version);
            writer.WriteString("startedAt", report.StartedAt.ToUniversalTime());
            writer.WriteBoolean("passed", report.Passed);
            if (report.Summary is { } summary)
            {
                writer.WritePropertyName("summary");
                SummaryJson(summary, report).WriteTo(writer);
            }

            writer.WriteStartArray("checks");
            foreach (var check in report.Checks)
            {
                writer.WriteStartObject();
                writer.WriteString("name", check.Name);
                writer.WriteString("expected", check.Expected);
                writer.WriteString("actual", check.Actual);
                writer.WriteString("status", StatusText(check.Status));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A report from its JSON form; null when the object is not one.</summary>
    public static ValidationReport? Read(JsonObject report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report["checks"] is not JsonArray checkArray)
        {
            return null;
        }

        var checks = checkArray.OfType<JsonObject>().Select(c => new ValidationCheck(
            Text(c["name"]), Text(c["expected"]), Text(c["actual"]), Text(c["status"]) switch
            {
                "passed" => CheckStatus.Passed,
                "unverified" => CheckStatus.Unverified,
                _ => CheckStatus.Failed,
            })).ToList();
        var startedAt = DateTimeOffset.TryParse(Text(report["startedAt"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch;
        return new ValidationReport(Text(report["exportId"]), Text(report["table"]), Number(report["version"]) ?? -1, startedAt, checks)
        {
            Summary = report["summary"] is JsonObject summary ? ReadSummary(summary) : null,
        };
    }

    public static string StatusText(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "passed",
        CheckStatus.Failed => "failed",
        CheckStatus.Unverified => "unverified",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown check status"),
    };

    /// <summary>The summary as stored: with the check counts when <paramref name="report"/> is given.</summary>
    public static JsonObject SummaryJson(ValidationSummary summary, ValidationReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var node = new JsonObject
        {
            ["files"] = summary.Files,
            ["filesVerified"] = summary.FilesVerified,
        };
        if (summary.Checksums is { } checksums)
        {
            node["checksums"] = checksums;
        }

        node["bytes"] = summary.Bytes;
        node["mode"] = summary.Mode;
        node["rowsExpected"] = summary.RowsExpected;
        node["rowsActual"] = summary.RowsActual;
        node["columns"] = summary.Columns;
        node["namesMatch"] = summary.NamesMatch;
        node["typesMatch"] = summary.TypesMatch;
        node["nullabilityMatch"] = summary.NullabilityMatch;
        node["tableVersion"] = summary.TableVersion;
        node["tableRows"] = summary.TableRows;
        if (report is not null)
        {
            node["checks"] = report.Checks.Count;
            node["failedChecks"] = report.FailedCount;
            node["unverifiedChecks"] = report.UnverifiedCount;
        }

        if (summary.Elapsed is { } elapsed)
        {
            node["elapsedMs"] = (long)elapsed.TotalMilliseconds;
        }

        return node;
    }

    /// <summary>The summary a stored report carries, or null (an older report, or not a report).</summary>
    public static ValidationSummary? ReadSummary(string reportJson)
    {
        try
        {
            return JsonNode.Parse(reportJson) is JsonObject { } report && report["summary"] is JsonObject summary ? ReadSummary(summary) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ValidationSummary ReadSummary(JsonObject summary) => new()
    {
        Files = (int)(Number(summary["files"]) ?? 0),
        FilesVerified = (int)(Number(summary["filesVerified"]) ?? 0),
        Checksums = summary["checksums"] is null ? null : Text(summary["checksums"]),
        Bytes = Number(summary["bytes"]) ?? 0,
        Mode = Text(summary["mode"]),
        RowsExpected = Number(summary["rowsExpected"]) ?? 0,
        RowsActual = Number(summary["rowsActual"]),
        Columns = (int)(Number(summary["columns"]) ?? 0),
        NamesMatch = Flag(summary["namesMatch"]),
        TypesMatch = Flag(summary["typesMatch"]),
        NullabilityMatch = Flag(summary["nullabilityMatch"]),
        TableVersion = Number(summary["tableVersion"]) ?? -1,
        TableRows = Number(summary["tableRows"]) ?? 0,
        Elapsed = Number(summary["elapsedMs"]) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
    };

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? string.Empty;

    private static long? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) && b;
}
