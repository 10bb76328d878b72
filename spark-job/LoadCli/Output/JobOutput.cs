using System.Text.Json.Nodes;
using Handoff.Shared.Cli;
using Handoff.SparkJob.Job;

namespace Handoff.SparkJob.Output;

/// <summary>How a load or validate run is shown: the report as a table, or one JSON object; plus --report-json.</summary>
public static class JobOutput
{
    /// <summary>For a skipped load: how to load the export anyway.</summary>
    public static string? SkipHint(JobOutcome outcome) =>
        outcome?.Load is { Skipped: true }
            ? "to load it anyway, load it under another idempotency stream: --stream NAME (each stream records its own loads; the default stream is the table's location)"
            : null;

    public static async Task WriteAsync(JobOutcome outcome, bool json, string? reportJsonPath, TextWriter output, CancellationToken cancellationToken, VacuumRun? vacuum = null, TerminalStyle? style = null, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (reportJsonPath is not null && outcome.Report is not null)
        {
            await File.WriteAllTextAsync(reportJsonPath, outcome.Report.ToJson(), cancellationToken);
        }

        if (json)
        {
            await output.WriteLineAsync(ToJson(outcome, vacuum).ToJsonString(CliJson.Options));
            return;
        }

        if (outcome.Load is { } load)
        {
            await output.WriteLineAsync(load.Message);
            if (SkipHint(outcome) is { } hint)
            {
                await output.WriteLineAsync(hint);
            }
        }

        if (outcome.Report is { } report)
        {
            ValidationReportPrinter.Render(report, output, style ?? TerminalStyle.Plain, verbose);
        }

        if (outcome.RollbackCommitVersion is { } rollback)
        {
            await output.WriteLineAsync(outcome.RolledBackToVersion is >= 0
                ? $"rolled back: version {rollback} restores version {outcome.RolledBackToVersion}"
                : $"rolled back: version {rollback} empties the table this load created");
        }

        if (vacuum?.Result is { } vacuumed)
        {
            foreach (var line in VacuumOutput.Lines(vacuum.Table, vacuumed))
            {
                await output.WriteLineAsync(line);
            }
        }
    }

    /// <summary>The run as one JSON object (what --json prints).</summary>
    public static JsonObject ToJson(JobOutcome outcome, VacuumRun? vacuum = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var node = new JsonObject
        {
            ["engine"] = outcome.Engine,
            ["passed"] = outcome.Succeeded,
            ["skipped"] = outcome.Load?.Skipped ?? false,
            ["message"] = outcome.Load?.Message,
            ["hint"] = SkipHint(outcome),
            ["version"] = outcome.Report?.Version ?? outcome.Load?.Version,
            ["rolledBackToVersion"] = outcome.RolledBackToVersion,
            ["rollbackCommitVersion"] = outcome.RollbackCommitVersion,
            ["report"] = outcome.Report is null ? null : JsonNode.Parse(outcome.Report.ToJson()),
        };
        if (vacuum is not null)
        {
            node["vacuum"] = VacuumOutput.ToJson(vacuum);
        }

        return node;
    }
}
