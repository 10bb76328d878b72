using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Validation;

namespace Handoff.Exporter.Databricks.Submit;

/// <summary>
/// What the launcher printed at the end of the task's log (read back with
/// <c>runs/get-output</c>): the validation report as one JSON line, and the job's exit code.
/// The markers sit at the very end, so they survive the API keeping only the last 5 MB.
/// </summary>
public sealed record LauncherOutput(JsonObject? Report, int? ExitCode, IReadOnlyList<string> Tail)
{
    /// <summary>The report read back through the job's own report type; null when the line held none or not one of ours.</summary>
    public ValidationReport? Validation { get; init; }

    /// <summary>The line prefix before the report's JSON, as the launcher defines it (<c>REPORT_MARKER</c>).</summary>
    public static string ReportMarker { get; } = LauncherScript.StringConstant("REPORT_MARKER");

    /// <summary>The line prefix before the job's exit code, as the launcher defines it (<c>EXIT_MARKER</c>).</summary>
    public static string ExitMarker { get; } = LauncherScript.StringConstant("EXIT_MARKER");

    public bool? Passed => Validation?.Passed;

    public static LauncherOutput Parse(string? logs)
    {
        JsonObject? report = null;
        ValidationReport? validation = null;
        int? exitCode = null;
        var lines = (logs ?? string.Empty).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var line in lines)
        {
            if (line.StartsWith(ReportMarker, StringComparison.Ordinal))
            {
                var json = line[ReportMarker.Length..];
                try
                {
                    report = JsonNode.Parse(json) as JsonObject;
                }
                catch (JsonException)
                {
                    report = null;
                }

                validation = report is null ? null : ValidationReportJson.Read(json);
            }
            else if (line.StartsWith(ExitMarker, StringComparison.Ordinal) &&
                     int.TryParse(line[ExitMarker.Length..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
            {
                exitCode = code;
            }
        }

        var shown = lines.Where(l => l.Length > 0 && !l.StartsWith(ReportMarker, StringComparison.Ordinal) && !l.StartsWith(ExitMarker, StringComparison.Ordinal)).ToList();
        return new LauncherOutput(report, exitCode, shown.Skip(Math.Max(0, shown.Count - 20)).ToList()) { Validation = validation };
    }
}
