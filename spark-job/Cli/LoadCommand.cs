using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.Delta.Vacuum;
using Handoff.SparkJob.Job;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job load</c>: manifest → Delta table → validation report.</summary>
internal static class LoadCommand
{
    public static Command Create(CliConsole console, SparkJobEnvironment environment)
    {
        var table = new TableArguments(manifestRequired: false);
        var files = new FilesArguments(required: false);
        var engine = new EngineArguments();
        var mode = new Option<string>("--mode") { Description = "overwrite (default: the daily full refresh; the table becomes the export — with the embedded engine its schema too; with --engine spark the table's schema must already match) or append.", HelpName = "overwrite|append", DefaultValueFactory = _ => "overwrite" };
        mode.AcceptOnlyFromAmong("overwrite", "append");
        var stream = new Option<string?>("--stream") { Description = "Idempotency key (Delta txn appId; default: the table location). Append: each export is appended once per stream, in any order. Overwrite: the newest export wins; a re-run, or an export older than the last one the stream loaded, is skipped (exit 0).", HelpName = "NAME" };
        var rollback = new Option<bool>("--rollback-on-failure") { Description = "When validation fails, restore the table's previous version with a new commit (the failed version stays in the history)." };
        var vacuum = new Option<bool>("--vacuum") { Description = "After a load that passed validation, vacuum the table with its default window (delta.deletedFileRetentionDuration, or 168 hours): see 'spark-job vacuum'." };

        var command = new Command("load", "Load a committed export (--manifest), or files sent without a manifest (--files, whose manifest is built from them), into a Delta table, then validate the table against the manifest.\n" +
            "A failed validation marks the run failed (exit 1) and is recorded in the history table; the loaded version stays unless --rollback-on-failure.\n" +
            ExitCodes.Describe(ExitCodes.ValidationFailed, ExitCodes.StorageError));
        foreach (var option in new Option[] { table.Manifest }.Concat(files.All).Append(table.Table).Concat(engine.All).Concat([mode, stream, table.History, table.ReportJson, rollback, vacuum, table.Json]).Concat(table.Storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(table.Json);
            try
            {
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                var export = await OpenExportAsync(parse, table, files, console, cancellationToken);
                await using var session = await engine.OpenAsync(parse, table, export, environment, console, cancellationToken, progress);
                var job = new TableJob(session.Engine, session.History, TimeProvider.System, progress);
                var options = new JobOptions
                {
                    Mode = parse.GetValue(mode) == "append" ? DeltaWriteMode.Append : DeltaWriteMode.Overwrite,
                    Stream = parse.GetValue(stream),
                    RollbackOnFailure = parse.GetValue(rollback),
                };
                var outcome = await job.LoadAsync(export, options, cancellationToken);
                VacuumRun? vacuumed = null;
                if (parse.GetValue(vacuum) && outcome.Report is { Passed: true })
                {
                    using var vacuuming = progress.Start("vacuuming");
                    vacuumed = await VacuumAsync(session.Vacuum, cancellationToken);
                }

                await JobOutput.WriteAsync(outcome, json, parse.GetValue(table.ReportJson), console.Out, cancellationToken, vacuumed, console.OutStyle, CommonOptions.Verbose(parse));
                if (vacuumed?.Error is { } vacuumError)
                {
                    // The load stands (its report is printed); the vacuum's failure decides the exit code.
                    return ErrorReport.Write(vacuumError, json: false, console, SparkJobErrors.Classify);
                }

                return outcome.Succeeded ? ExitCodes.Ok : ExitCodes.ValidationFailed;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, json, console, SparkJobErrors.Classify);
            }
        });
        return command;
    }

    private static async Task<VacuumRun> VacuumAsync(ITableVacuum vacuum, CancellationToken cancellationToken)
    {
        try
        {
            return new VacuumRun(vacuum.Table, await vacuum.VacuumAsync(new VacuumOptions(), cancellationToken), null);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new VacuumRun(vacuum.Table, null, error);
        }
    }

    /// <summary>The export to load: a committed one (--manifest), or files whose manifest is built now (--files).</summary>
    private static async Task<ExportReference> OpenExportAsync(ParseResult parse, TableArguments table, FilesArguments files, CliConsole console, CancellationToken cancellationToken)
    {
        var manifest = parse.GetValue(table.Manifest);
        if (manifest is not null == files.Given(parse))
        {
            throw new UsageException("give either --manifest LOCATION (a committed export) or --files FOLDER[/PATTERN] --format F (files sent without a manifest)");
        }

        if (manifest is not null)
        {
            return files.AnyDetailGiven(parse)
                ? throw new UsageException("--format, --schema, --require-done and --csv-* go with --files; a manifest already says how its files are written")
                : await ExportReference.OpenAsync(manifest, table.Storage.Build(parse), cancellationToken);
        }

        var (selection, spec) = files.Build(parse);
        var progress = FilesProgressLine.For(console);
        try
        {
            return await FilesExport.OpenAsync(selection, spec, table.Storage.Build(parse), progress, cancellationToken);
        }
        finally
        {
            progress?.Finish();
        }
    }
}
