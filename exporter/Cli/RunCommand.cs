using System.CommandLine;
using System.Text.Json.Nodes;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Engines.Embedded;
using Handoff.SparkJob.History;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.Output;

namespace Handoff.Exporter.Cli;

/// <summary>
/// <c>exporter run</c>: the whole flow on embedded defaults — export, load into a Delta table
/// with the embedded engine, validate, report.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = new ExportArguments();
        var table = new Option<string>("--table") { Description = "The Delta table to load the export into (local folder or Blob).", HelpName = "LOCATION", Required = true };
        var history = new Option<string?>("--history") { Description = "The validation-history Delta table (default: <table>_validation).", HelpName = "LOCATION" };
        var reportJson = new Option<string?>("--report-json") { Description = "Also write the validation report as JSON to this local file.", HelpName = "PATH" };
        var json = JsonOption.Create();
        var command = new Command("run", "Export, load into a Delta table (embedded engine, overwrite) and validate, in one go. Prints the export summary and the validation report.\n" + ExitCodes.Describe(ExitCodes.ValidationFailed, ExitCodes.SourceError, ExitCodes.StorageError));
        foreach (var option in arguments.All.Concat([table, history, reportJson, json]))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                var invocation = arguments.Build(parse, DateTimeOffset.UtcNow);
                var tableLocation = StorageLocationParser.Parse(parse.GetValue(table)!);
                var historyLocation = parse.GetValue(history) is { } text ? StorageLocationParser.Parse(text) : ValidationHistory.DefaultLocationFor(tableLocation);
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                var exported = await ExportRunner.RunAsync(invocation, console, progress, cancellationToken);
                var export = await ExportReference.OpenAsync(ExportRunner.ManifestLocationOf(invocation), invocation.Credentials, cancellationToken);
                var job = new TableJob(
                    new EmbeddedEngine(ObjectStoreFactory.Open(tableLocation, invocation.Credentials)),
                    new ValidationHistory(ObjectStoreFactory.Open(historyLocation, invocation.Credentials)),
                    TimeProvider.System,
                    progress);
                var outcome = await job.LoadAsync(export, new JobOptions(), cancellationToken);
                if (asJson)
                {
                    using var exportJson = new StringWriter();
                    using var loadJson = new StringWriter();
                    ExportSummary.Write(exported, json: true, exportJson);
                    await JobOutput.WriteAsync(outcome, json: true, parse.GetValue(reportJson), loadJson, cancellationToken);
                    await console.Out.WriteLineAsync(new JsonObject { ["export"] = JsonNode.Parse(exportJson.ToString()), ["load"] = JsonNode.Parse(loadJson.ToString()) }.ToJsonString(CliJson.Options));
                }
                else
                {
                    if (CommonOptions.Verbose(parse))
                    {
                        ExportSummary.Write(exported, json: false, console.Out);
                    }
                    else
                    {
                        ExportSummary.WriteHeadline(exported, console.Out);
                    }

                    await JobOutput.WriteAsync(outcome, json: false, parse.GetValue(reportJson), console.Out, cancellationToken, style: console.OutStyle, verbose: CommonOptions.Verbose(parse));
                }

                return outcome.Succeeded ? ExitCodes.Ok : ExitCodes.ValidationFailed;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, asJson, console, e => ExporterErrors.Classify(e) ?? SparkJobErrors.Classify(e), e => ExporterErrors.Describe(e) ?? SparkJobErrors.Describe(e));
            }
        });
        return command;
    }
}
