using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Shared.Storage;
using Handoff.Shared.Validation;
using Handoff.SparkJob.History;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Cli;

/// <summary>How <c>history</c> is shown: an aligned table, or one JSON object.</summary>
public static class HistoryOutput
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private const string None = "-";
    private static readonly string[] Header = ["version", "time (UTC)", "operation", "export", "rows added", "rows removed", "validation"];

    public static JsonObject ToJson(StorageLocation table, StorageLocation history, IReadOnlyList<HistoryLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new JsonObject
        {
            ["table"] = table.ToString(),
            ["validationHistory"] = history.ToString(),
            ["versions"] = new JsonArray(lines.Select(line => (JsonNode)new JsonObject
            {
                ["version"] = line.Change.Version,
                ["timestamp"] = line.Change.Timestamp?.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
                ["operation"] = line.Change.Operation,
                ["exportId"] = line.ExportId,
                ["rowsAdded"] = line.Change.RowsAdded,
                ["rowsRemoved"] = line.Change.RowsRemoved,
                ["validation"] = line.Validation is { } run ? new JsonObject
                {
                    ["passed"] = run.Passed,
                    ["checks"] = run.Checks,
                    ["failedChecks"] = run.FailedChecks,
                    ["operation"] = run.Operation,
                    ["tableVersion"] = run.TableVersion,
                    ["finishedAt"] = run.FinishedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
                    ["summary"] = run.Summary is { } summary ? ValidationReportJson.SummaryNode(summary) : null,
                } : null,
            }).ToArray()),
        };
    }

    public static string Table(StorageLocation table, StorageLocation history, IReadOnlyList<HistoryLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rows = new List<string[]> { Header };
        rows.AddRange(lines.Select(line => new[]
        {
            line.Change.Version.ToString(CultureInfo.InvariantCulture),
            line.Change.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? None,
            line.Change.Operation ?? None,
            line.ExportId ?? None,
            Count(line.Change.RowsAdded),
            Count(line.Change.RowsRemoved),
            Verdict(line.Validation, line.Change.Version),
        }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"table {table}   validation history {history}");
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c is 0 or 4 or 5 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
        }

        return text.ToString().TrimEnd();
    }

    private static string Count(long? rows) => rows is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) : "?";

    private static string Verdict(RecordedValidation? run, long version)
    {
        if (run is null)
        {
            return None;
        }

        var verdict = run.Passed ? "passed" : string.Create(CultureInfo.InvariantCulture, $"FAILED ({run.FailedChecks} of {run.Checks} checks)");
        if (run.Summary is { } summary)
        {
            // The report's summary in brief: rows found of those expected, files verified.
            verdict += string.Create(CultureInfo.InvariantCulture, $": {summary.RowsActual?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} of {summary.RowsExpected:N0} rows, {summary.FilesVerified}/{summary.Files} files");
        }

        return run.TableVersion == version ? verdict : string.Create(CultureInfo.InvariantCulture, $"{verdict} at version {run.TableVersion}");
    }
}
