using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Handoff.SparkJob.Validation;

/// <summary>The stored form of a validation report; statuses are lowercase words ("passed", "failed", "unverified").</summary>
internal static class ValidationReportJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ValidationReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("exportId", report.ExportId);
            writer.WriteString("table", report.Table);
            writer.WriteNumber("version", report.Version);
            writer.WriteString("startedAt", report.StartedAt.ToUniversalTime());
            writer.WriteBoolean("passed", report.Passed);
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

    public static string StatusText(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "passed",
        CheckStatus.Failed => "failed",
        CheckStatus.Unverified => "unverified",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown check status"),
    };
}
