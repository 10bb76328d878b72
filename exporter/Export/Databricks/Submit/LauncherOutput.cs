using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.Exporter.Databricks.Submit;

/// <summary>
/// What the launcher printed at the end of the task's log (read back with
/// <c>runs/get-output</c>): the validation report as one JSON line, and the job's exit code.
/// The markers sit at the very end, so they survive the API keeping only the last 5 MB.
/// </summary>
public sealed record LauncherOutput(JsonObject? Report, int? ExitCode, IReadOnlyList<string> Tail)
{
    public const string ReportMarker = "HANDOFF_REPORT_JSON: ";
    public const string ExitMarker = "HANDOFF_EXIT_CODE: ";

    public bool? Passed => Report?["passed"] is JsonValue value && value.TryGetValue<bool>(out var passed) ? passed : null;

    public static LauncherOutput Parse(string? logs)
    {
        JsonObject? report = null;
        int? exitCode = null;
        var lines = (logs ?? string.Empty).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var line in lines)
        {
            if (line.StartsWith(ReportMarker, StringComparison.Ordinal))
            {
                try
                {
                    report = JsonNode.Parse(line[ReportMarker.Length..]) as JsonObject;
                }
                catch (JsonException)
                {
                    report = null;
                }
            }
            else if (line.StartsWith(ExitMarker, StringComparison.Ordinal) &&
                     int.TryParse(line[ExitMarker.Length..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
            {
                exitCode = code;
            }
        }

        var shown = lines.Where(l => l.Length > 0 && !l.StartsWith(ReportMarker, StringComparison.Ordinal) && !l.StartsWith(ExitMarker, StringComparison.Ordinal)).ToList();
        return new LauncherOutput(report, exitCode, shown.Skip(Math.Max(0, shown.Count - 20)).ToList());
    }
}
