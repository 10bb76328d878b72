using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.Job;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job load</c>: manifest → Delta table → validation report.</summary>
internal static class LoadCommand
{
    public static Command Create(CliConsole console, SparkJobEnvironment environment)
    {
        var table = new TableArguments();
        var engine = new EngineArguments();
        var mode = new Option<string>("--mode") { Description = "overwrite (default: the daily full refresh; the table becomes the export — with the embedded engine its schema too; with --engine spark the table's schema must already match) or append.", HelpName = "overwrite|append", DefaultValueFactory = _ => "overwrite" };
        mode.AcceptOnlyFromAmong("overwrite", "append");
        var stream = new Option<string?>("--stream") { Description = "Idempotency key (Delta txn appId; default: the table location). An export already loaded, or older than the last one loaded, for this stream is skipped.", HelpName = "NAME" };
        var rollback = new Option<bool>("--rollback-on-failure") { Description = "When validation fails, restore the table's previous version with a new commit (the failed version stays in the history)." };

        var command = new Command("load", "Load a committed export into a Delta table, then validate the table against the manifest.\n" +
            "A failed validation marks the run failed (exit 1) and is recorded in the history table; the loaded version stays unless --rollback-on-failure.\n" +
            ExitCodes.HelpText);
        foreach (var option in new Option[] { table.Manifest, table.Table }.Concat(engine.All).Concat([mode, stream, table.History, table.ReportJson, rollback, table.Json]).Concat(table.Storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(table.Json);
            try
            {
                var export = await ExportReference.OpenAsync(parse.GetValue(table.Manifest)!, table.Storage.Build(parse), cancellationToken);
                using var session = await engine.OpenAsync(parse, table, export, environment, cancellationToken);
                var job = new TableJob(session.Engine, session.History, TimeProvider.System);
                var options = new JobOptions
                {
                    Mode = parse.GetValue(mode) == "append" ? DeltaWriteMode.Append : DeltaWriteMode.Overwrite,
                    Stream = parse.GetValue(stream),
                    RollbackOnFailure = parse.GetValue(rollback),
                };
                var outcome = await job.LoadAsync(export, options, cancellationToken);
                await JobOutput.WriteAsync(outcome, json, parse.GetValue(table.ReportJson), console.Out, cancellationToken);
                return outcome.Succeeded ? ExitCodes.Ok : ExitCodes.ValidationFailed;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, json, console, SparkJobErrors.Classify);
            }
        });
        return command;
    }
}
