using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.Job.Exports;
using Handoff.SparkJob.Output;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job validate</c>: compare a table with a manifest, without loading anything.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console, SparkJobEnvironment environment)
    {
        var table = new TableArguments(manifestRequired: false);
        var engine = new EngineArguments();
        var version = new Option<long?>("--version") { Description = "Validate this table version (default: the latest).", HelpName = "N" };
        var verifyData = new Option<bool>("--verify-data") { Description = "Read and hash every export file (\"recomputed MD5\") instead of comparing the MD5 storage keeps with it (\"stored MD5\": Blob's Content-MD5, or the MD5 this machine computed for a local file whose inode and ctime have not changed since)." };
        var command = new Command("validate", "Validate a Delta table against an export's manifest (--manifest), or against the export under a prefix that the stream last loaded (--exports, --stream): files (sizes, checksums, rows), the table's data files (present with their sizes), row count, schema and nullability.\n" +
            "The embedded engine reads the Delta log, file statistics and storage metadata only; the spark engine asks Spark (count, schema, DESCRIBE HISTORY). " +
            "Checksums are the MD5 storage keeps (\"stored MD5\"), or, where it keeps none or with --verify-data, the MD5 of the bytes read now (\"recomputed MD5\"). " + ExitCodes.Describe(ExitCodes.ValidationFailed, ExitCodes.StorageError));
        foreach (var option in new Option[] { table.Manifest, table.Exports, table.Table }.Concat(engine.All).Concat([table.Stream, version, verifyData, table.History, table.ReportJson, table.Json]).Concat(table.Storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(table.Json);
            try
            {
                var (manifest, exports) = (parse.GetValue(table.Manifest), parse.GetValue(table.Exports));
                if (manifest is null == exports is null)
                {
                    throw new UsageException("give either --manifest LOCATION (validate against that export) or --exports PREFIX (validate against the export under it that the stream last loaded)");
                }

                if (manifest is not null && parse.GetValue(table.Stream) is not null)
                {
                    throw new UsageException("--stream goes with --exports: with --manifest the export is named already");
                }

                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                var prefix = exports is null ? null : await ExportsPrefix.ListAsync(StorageLocationParser.Parse(exports), table.Storage.Build(parse), cancellationToken);
                var named = manifest is null ? null : await ExportReference.OpenAsync(manifest, table.Storage.Build(parse), cancellationToken);
                await using var session = await engine.OpenAsync(parse, table, [prefix?.Location ?? named!.Folder.Root], environment, console, cancellationToken, progress);
                var export = named ?? await LastLoadedExport.FindAsync(prefix!, session.Engine, parse.GetValue(table.Stream), cancellationToken);
                var job = new TableJob(session.Engine, session.History, TimeProvider.System, progress);
                var outcome = await job.ValidateAsync(export, parse.GetValue(version), cancellationToken, parse.GetValue(verifyData));
                await JobOutput.WriteAsync(outcome, json, parse.GetValue(table.ReportJson), console.Out, cancellationToken, style: console.OutStyle, verbose: CommonOptions.Verbose(parse));
                return outcome.Succeeded ? ExitCodes.Ok : ExitCodes.ValidationFailed;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, json, console, SparkJobErrors.Classify, SparkJobErrors.Describe);
            }
        });
        return command;
    }
}
