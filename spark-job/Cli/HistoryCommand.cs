using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Storage;
using Handoff.SparkJob.History;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.Output;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job history</c>: each version of a table, the export it came from, and whether that export was validated.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliConsole console)
    {
        var table = new TableArguments(manifestRequired: false);
        var command = new Command("history", "One line per version of a Delta table, newest first: time, operation, the export it loaded (the commit's userMetadata), rows added and removed, " +
            "and the validation recorded for that export in the validation-history table (the run at that version, else the export's latest run). Reads the Delta logs only; no engine needed.\n" + ExitCodes.Describe(ExitCodes.StorageError));
        foreach (var option in new Option[] { table.Table, table.History, table.Json }.Concat(table.Storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(table.Json);
            try
            {
                var store = table.OpenTable(parse, out var location);
                var history = table.OpenHistory(parse, location);
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                IReadOnlyList<HistoryLine> lines;
                using (progress.Start("reading the table's history"))
                {
                    lines = await TableHistory.ReadAsync(store, history, cancellationToken);
                }

                await console.Out.WriteLineAsync(json
                    ? HistoryOutput.ToJson(store.Root, history.Root, lines).ToJsonString(CliJson.Options)
                    : HistoryOutput.Table(store.Root, history.Root, lines));
                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, json, console, SparkJobErrors.Classify, SparkJobErrors.Describe);
            }
        });
        return command;
    }
}
