using System.CommandLine;
using Handoff.Shared.Cli;

namespace Handoff.Exporter.Cli;

/// <summary><c>exporter submit</c>: upload the bundle, start a one-time run of the job on Databricks, wait, print its report, exit with its verdict.</summary>
internal static class SubmitCommand
{
    public static Command Create(CliConsole console, DatabricksCommandContext context)
    {
        var workspace = new DatabricksArguments();
        var target = new JobTargetArguments();
        var noWait = new Option<bool>("--no-wait") { Description = "Print the run id and page, and return without waiting." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the runs/submit request and return at once: nothing is built or sent, and what only a build or the workspace knows (the bundle's hash, your user name) is shown as <placeholders>." };
        var timeout = new Option<string?>("--timeout") { Description = "Stop the run after this long (the run's timeout_seconds): 90m, 4h, ...", HelpName = "DURATION" };
        var exportId = new Option<string?>("--export-id") { Description = "--manifest: the export id (default: the manifest's folder name); with --table it makes the idempotency token.", HelpName = "ID" };
        var attempt = new Option<int>("--attempt") { Description = "Submit the same export into the same table again as a new run (default 1; the same attempt never starts a second run).", HelpName = "N", DefaultValueFactory = _ => 1 };
        var json = JsonOption.Create();
        var command = new Command("submit",
            "Run the job on Databricks for one export (--manifest), or for what is new under an exports prefix (--exports): upload the bundle (a compressed self-contained spark-job and the launcher; skipped when already there), runs/submit a spark_python_task " +
            "running the launcher, wait with progress, print the validation report, and exit with the job's verdict " +
            "(0 passed, 1 validation failed, 5 run failed or cancelled). Ctrl-C cancels the run (asking first on a terminal).\n" + ExitCodes.Describe(ExitCodes.ValidationFailed, ExitCodes.StorageError, ExitCodes.RunFailed));
        foreach (var option in target.All.Concat(workspace.All).Concat([noWait, dryRun, timeout, exportId, attempt, json]))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                var source = target.Source(parse);
                if (source.IsPrefix && (parse.GetValue(exportId) is not null || parse.GetValue(attempt) != 1))
                {
                    throw new UsageException("--export-id and --attempt go with --manifest: with --exports the run finds what is new itself, each submit starts a run, and a run with nothing new changes nothing");
                }

                var table = target.TableName(parse);
                var dry = parse.GetValue(dryRun);

                // Configuration problems are found before the (slow) publish and before any call; a dry run needs no credentials.
                var (config, problem) = dry ? workspace.TryResolve(parse, context) : (workspace.Resolve(parse, context), null);
                var request = new SubmitRequest
                {
                    Source = source,
                    Table = table,
                    Mode = parse.GetValue(target.Mode)!,
                    Compute = target.Compute(parse, optional: false, JobTargetArguments.ConfiguredCompute(config))!,
                    Bundle = target.Bundle(parse, context),
                    Mount = target.Mount(parse),
                    CheckPaths = target.CheckPaths(parse),
                    Timeout = DurationArgument.Parse(parse.GetValue(timeout), "--timeout"),
                    ExportId = parse.GetValue(exportId),
                    Attempt = parse.GetValue(attempt) is >= 1 and var n ? n : throw new UsageException("--attempt must be 1 or more"),
                    DryRun = dry,
                    NoWait = parse.GetValue(noWait),
                    Json = asJson,
                    BundleBinary = parse.GetValue(target.BundleBinary),
                };
                return await new SubmitRunner(context, console, workspace, parse).RunAsync(request, config, problem, cancellationToken);
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, asJson, console, DatabricksErrors.Classify, DatabricksErrors.Describe);
            }
        });
        return command;
    }
}
