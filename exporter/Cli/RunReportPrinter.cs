using System.Globalization;
using System.Text.Json.Nodes;
using Handoff.SparkJob.Validation;

namespace Handoff.Exporter.Cli;

/// <summary>Shows the validation report the job printed on the cluster, as the same table the job prints locally.</summary>
internal static class RunReportPrinter
{
    public static bool TryRender(JsonObject report, TextWriter output)
    {
        try
        {
            var checks = (report["checks"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new ValidationCheck(
                Text(c["name"]), Text(c["expected"]), Text(c["actual"]), Text(c["status"]) switch
                {
                    "passed" => CheckStatus.Passed,
                    "unverified" => CheckStatus.Unverified,
                    _ => CheckStatus.Failed,
                })).ToList();
            var startedAt = DateTimeOffset.TryParse(Text(report["startedAt"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch;
            var version = report["version"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : -1;
            ValidationReportTable.Render(new ValidationReport(Text(report["exportId"]), Text(report["table"]), version, startedAt, checks), output);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? string.Empty;
}
