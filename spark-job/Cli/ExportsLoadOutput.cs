using System.Globalization;
using System.Text.Json.Nodes;
using Handoff.SparkJob.Job.Exports;
using Handoff.SparkJob.Output;

namespace Handoff.SparkJob.Cli;

/// <summary>
/// How <c>load --exports</c> is shown: each export's load and report as a single load shows
/// them, or the one line that says nothing was new; with --json one object holding every load.
/// --report-json gets the report of the last export validated (the failed one, if one failed).
/// </summary>
public static class ExportsLoadOutput
{
    public static async Task WriteAsync(PrefixLoadOutcome outcome, string prefix, string mode, string stream, bool json, string? reportJsonPath, TextWriter output, CancellationToken cancellationToken, VacuumRun? vacuum = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(output);
        if (reportJsonPath is not null && outcome.LastReported?.Report is { } report)
        {
            await File.WriteAllTextAsync(reportJsonPath, report.ToJson(), cancellationToken);
        }

        if (json)
        {
            var node = new JsonObject
            {
                ["exports"] = prefix,
                ["mode"] = mode,
                ["stream"] = stream,
                ["passed"] = outcome.Succeeded,
                ["nothingNew"] = !outcome.LoadedAny,
                ["message"] = outcome.NothingNew,
                ["loads"] = new JsonArray(outcome.Loads.Select(ToJson).ToArray()),
                ["notReached"] = new JsonArray(outcome.NotReached.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
            };
            if (vacuum is not null)
            {
                node["vacuum"] = VacuumOutput.ToJson(vacuum);
            }

            await output.WriteLineAsync(node.ToJsonString());
            return;
        }

        if (outcome.NothingNew is { } nothing)
        {
            await output.WriteLineAsync(nothing);
            return;
        }

        for (var i = 0; i < outcome.Loads.Count; i++)
        {
            await JobOutput.WriteAsync(outcome.Loads[i].Outcome, json: false, reportJsonPath: null, output, cancellationToken, i == outcome.Loads.Count - 1 ? vacuum : null);
        }

        if (outcome.NotReached.Count > 0)
        {
            await output.WriteLineAsync($"not loaded, since the validation of export {outcome.Loads[^1].ExportId} failed: {string.Join(", ", outcome.NotReached)} (the next run loads them)");
        }
    }

    private static JsonNode ToJson(PrefixExportLoad load)
    {
        var node = JobOutput.ToJson(load.Outcome);
        node.Insert(0, "exportId", load.ExportId);
        node.Insert(1, "createdAt", load.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        return node;
    }
}
