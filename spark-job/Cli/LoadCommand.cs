using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.Delta.Vacuum;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.Output;

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
        var requireNew = new Option<bool>("--require-new") { Description = $"--exports: exit {ExitCodes.NothingNew} instead of 0 when there is nothing new to load (a scheduler can then retry later)." };
        var rollback = new Option<bool>("--rollback-on-failure") { Description = "When validation fails, restore the table's previous version with a new commit (the failed version stays in the history)." };
        var vacuum = new Option<bool>("--vacuum") { Description = "After a load that passed validation, vacuum the table with its default window (delta.deletedFileRetentionDuration, or 168 hours): see 'spark-job vacuum'." };

        var command = new Command("load", "Load a committed export (--manifest), the exports under a prefix (--exports), or files sent without a manifest (--files, whose manifest is built from them), into a Delta table, then validate the table against the manifest.\n" +
            "--exports reads one listing of the prefix; only folders holding a manifest.json are exports. Overwrite loads the newest by createdAt if the stream has not loaded it or a newer one; append loads every export the stream has not loaded, oldest first, each its own commit and validation (a failed validation stops there). " +
            $"When nothing is new it prints one line naming the last export loaded and exits 0, or {ExitCodes.NothingNew} with --require-new.\n" +
            "A failed validation marks the run failed (exit 1) and is recorded in the history table; the loaded version stays unless --rollback-on-failure.\n" +
            ExitCodes.Describe(ExitCodes.ValidationFailed, ExitCodes.StorageError, ExitCodes.NothingNew));
        foreach (var option in new Option[] { table.Manifest, table.Exports }.Concat(files.All).Append(table.Table).Concat(engine.All).Concat([mode, table.Stream, requireNew, table.History, table.ReportJson, rollback, vacuum, table.Json]).Concat(table.Storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(table.Json);
            try
            {
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                var options = new JobOptions
                {
                    Mode = parse.GetValue(mode) == "append" ? DeltaWriteMode.Append : DeltaWriteMode.Overwrite,
                    Stream = parse.GetValue(table.Stream),
                    RollbackOnFailure = parse.GetValue(rollback),
                };
                if (parse.GetValue(table.Exports) is { } exports)
                {
                    return parse.GetValue(table.Manifest) is not null || files.Given(parse) || files.AnyDetailGiven(parse)
                        ? throw new UsageException("give one of --manifest LOCATION (one committed export), --exports PREFIX (the exports under a prefix) or --files FOLDER[/PATTERN] (files sent without a manifest)")
                        : await ExportsLoad.RunAsync(parse, exports, table, engine, options, parse.GetValue(requireNew), parse.GetValue(vacuum), console, environment, progress, cancellationToken);
                }

                if (parse.GetValue(requireNew))
                {
                    throw new UsageException("--require-new goes with --exports: a single export (--manifest, --files) that is already loaded is skipped with exit 0");
                }

                var export = await OpenExportAsync(parse, table, files, console, cancellationToken);
                await using var session = await engine.OpenAsync(parse, table, export, environment, console, cancellationToken, progress);
                var job = new TableJob(session.Engine, session.History, TimeProvider.System, progress);
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
                    return ErrorReport.Write(vacuumError, json: false, console, SparkJobErrors.Classify, SparkJobErrors.Describe);
                }

                return outcome.Succeeded ? ExitCodes.Ok : ExitCodes.ValidationFailed;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, json, console, SparkJobErrors.Classify, SparkJobErrors.Describe);
            }
        });
        return command;
    }

    internal static async Task<VacuumRun> VacuumAsync(ITableVacuum vacuum, CancellationToken cancellationToken)
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
            throw new UsageException("give one of --manifest LOCATION (one committed export), --exports PREFIX (the exports under a prefix) or --files FOLDER[/PATTERN] --format F (files sent without a manifest)");
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
