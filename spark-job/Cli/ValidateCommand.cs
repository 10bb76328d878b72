using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.SparkJob.Job;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job validate</c>: compare a table with a manifest, without loading anything.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console, SparkJobEnvironment environment)
    {
        var table = new TableArguments();
        var engine = new EngineArguments();
        var version = new Option<long?>("--version") { Description = "Validate this table version (default: the latest).", HelpName = "N" };
        var verifyData = new Option<bool>("--verify-data") { Description = "Read and hash every export file (\"recomputed MD5\") instead of comparing the MD5 storage keeps with it (\"stored MD5\": Blob's Content-MD5, or the MD5 this machine computed for a local file whose inode and ctime have not changed since)." };
        var command = new Command("validate", "Validate a Delta table against an export's manifest: files (sizes, checksums, rows), the table's data files (present with their sizes), row count, schema and nullability.\n" +
            "The embedded engine reads the Delta log, file statistics and storage metadata only; the spark engine asks Spark (count, schema, DESCRIBE HISTORY). " +
            "Checksums are the MD5 storage keeps (\"stored MD5\"), or, where it keeps none or with --verify-data, the MD5 of the bytes read now (\"recomputed MD5\"). " + ExitCodes.Describe(ExitCodes.ValidationFailed, ExitCodes.StorageError));
        foreach (var option in new Option[] { table.Manifest, table.Table }.Concat(engine.All).Concat([version, verifyData, table.History, table.ReportJson, table.Json]).Concat(table.Storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(table.Json);
            try
            {
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                var export = await ExportReference.OpenAsync(parse.GetValue(table.Manifest)!, table.Storage.Build(parse), cancellationToken);
                await using var session = await engine.OpenAsync(parse, table, export, environment, console, cancellationToken, progress);
                var job = new TableJob(session.Engine, session.History, TimeProvider.System, progress);
                var outcome = await job.ValidateAsync(export, parse.GetValue(version), cancellationToken, parse.GetValue(verifyData));
                await JobOutput.WriteAsync(outcome, json, parse.GetValue(table.ReportJson), console.Out, cancellationToken, style: console.OutStyle, verbose: CommonOptions.Verbose(parse));
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
