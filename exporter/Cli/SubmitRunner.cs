using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Config;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Databricks.Runs;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Progress;

namespace Handoff.Exporter.Cli;

/// <summary>Carries out a checked submit: bundle folder, bundle, request, upload, submit, wait, verdict; or, for a dry run, only the request.</summary>
internal sealed class SubmitRunner(DatabricksCommandContext context, CliConsole console, DatabricksArguments workspace, ParseResult parse)
{
    private const string SubmitPath = "/api/2.2/jobs/runs/submit";

    public async Task<int> RunAsync(SubmitRequest request, DatabricksConfig? config, string? configProblem, CancellationToken cancellationToken)
    {
        if (request.DryRun)
        {
            var unbuilt = RemoteBundle.Unbuilt(request.Bundle ?? BundleLocation.ForUser(BundleLocation.UnknownUser));
            await PrintDryRunAsync(request, unbuilt, CreateRequest(request, unbuilt), configProblem);
            return ExitCodes.Ok;
        }

        using var client = workspace.Connect(config!, parse, context, console.Error);
        using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
        var location = request.Bundle ?? BundleLocation.ForUser((await client.CurrentUser.MeAsync(cancellationToken)).UserName!);
        var local = await BundleOutput.BuildAsync(context, request.BundleBinary, console, progress, cancellationToken);
        var remote = local.At(location);
        var body = CreateRequest(request, remote);
        var upload = await new BundleUploader(client).UploadAsync(local, remote, console.Error, cancellationToken, BundleOutput.ProgressOn(progress));
        var runId = await client.Runs.SubmitAsync(body, cancellationToken);
        var run = await client.Runs.GetAsync(runId, cancellationToken);
        var page = run.RunPageUrl ?? client.RunPage(runId).ToString();
        await console.Error.WriteLineAsync($"run {runId}: {page}");
        if (run.IsFinal && !request.NoWait)
        {
            await console.Error.WriteLineAsync(
                $"run {runId} had already finished: it was submitted before for this export and table (idempotency token {body.IdempotencyToken}); pass --attempt {request.Attempt + 1} to run it again");
        }

        if (request.NoWait)
        {
            await WriteSubmittedAsync(request, runId, page, upload, local);
            return ExitCodes.Ok;
        }

        Run finished;
        var waiting = progress.Start($"waiting for run {runId}");
        try
        {
            finished = await new RunWaiter(client.Runs, context.Time, context.PollInterval).WaitAsync(runId, change => ShowProgress(change, waiting), cancellationToken, run);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            waiting.Dispose();
            return await CancelAsync(client, runId, page, request.Json);
        }
        finally
        {
            waiting.Dispose();
        }

        return await ReportAsync(client, finished, page, upload, local, request, cancellationToken);
    }

    private static SubmitRunRequest CreateRequest(SubmitRequest request, RemoteBundle remote)
    {
        var invocation = new JobInvocation
        {
            Source = request.Source,
            Table = request.Table,
            Mode = request.Mode,
            Mount = request.Mount,
            CheckPaths = request.CheckPaths,
            Serverless = request.Compute.Serverless,
        };
        var exportId = request.Source.IsPrefix ? null : request.ExportId ?? IdempotencyToken.ExportIdOf(request.Source.Location);
        return new SubmitRunRequest
        {
            RunName = exportId is null ? $"handoff load new exports under {request.Source.Location} into {request.Table}" : $"handoff load {exportId} into {request.Table}",
            Tasks = [request.Compute.ApplyTo(invocation.Task(remote))],
            Environments = request.Compute.Environments(),
            TimeoutSeconds = request.Timeout is { } timeout ? (long)Math.Ceiling(timeout.TotalSeconds) : null,
            IdempotencyToken = exportId is null ? IdempotencyToken.ForPrefix(request.Source.Location, request.Table, request.Invocation) : IdempotencyToken.For(exportId, request.Table, request.Attempt),
        };
    }

    private async Task PrintDryRunAsync(SubmitRequest request, RemoteBundle remote, SubmitRunRequest body, string? configProblem)
    {
        if (request.Json)
        {
            var node = new JsonObject
            {
                ["dryRun"] = true,
                ["placeholders"] = BundleOutput.Placeholders(remote),
                ["bundle"] = new JsonObject
                {
                    ["hash"] = remote.Hash,
                    ["folder"] = remote.RuntimeFolder,
                    ["files"] = new JsonArray(LocalBundle.ArchiveName, LauncherScript.FileName, LocalBundle.MarkerName),
                },
                ["method"] = "POST",
                ["path"] = SubmitPath,
                ["body"] = JsonSerializer.SerializeToNode(body, DatabricksJson.Options),
            };
            await console.Out.WriteLineAsync(node.ToJsonString(CliJson.Options));
            return;
        }

        await BundleOutput.WriteAsync(console.Error, remote, configProblem);
        await console.Error.WriteLineAsync($"POST {SubmitPath}");
        await console.Out.WriteLineAsync(JsonSerializer.Serialize(body, DatabricksJson.Indented));
    }

    private async Task WriteSubmittedAsync(SubmitRequest request, long runId, string page, BundleUploadResult upload, LocalBundle local)
    {
        if (request.Json)
        {
            await console.Out.WriteLineAsync(new JsonObject { ["runId"] = runId, ["runPageUrl"] = page, ["bundle"] = BundleOutput.BundleJson(upload, local) }.ToJsonString(CliJson.Options));
        }
        else
        {
            await console.Out.WriteLineAsync($"submitted run {runId}: {page}");
        }
    }

    private void ShowProgress(RunProgress progress, IProgressStep waiting)
    {
        waiting.Describe(progress.Result is null ? progress.LifeCycle : $"{progress.LifeCycle} {progress.Result}");
        var elapsed = progress.Elapsed.ToString(progress.Elapsed.TotalHours >= 1 ? @"h\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture);
        var state = progress.Result is null ? progress.LifeCycle : $"{progress.LifeCycle} {progress.Result}";
        var message = string.IsNullOrWhiteSpace(progress.Message) ? string.Empty : $": {progress.Message}";
        console.Error.WriteLine($"[{elapsed}] {state}{message}");
    }

    private async Task<int> CancelAsync(DatabricksClient client, long runId, string page, bool json)
    {
        var cancel = context.Confirm is null || await context.Confirm($"Cancel run {runId} on Databricks too?", CancellationToken.None);
        if (cancel)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.Runs.CancelAsync(runId, limit.Token);
            await console.Error.WriteLineAsync($"cancelled run {runId}");
        }
        else
        {
            await console.Error.WriteLineAsync($"run {runId} goes on: {page}");
        }

        if (json)
        {
            await console.Out.WriteLineAsync(new JsonObject { ["runId"] = runId, ["runPageUrl"] = page, ["cancelled"] = cancel, ["exitCode"] = ExitCodes.Cancelled }.ToJsonString(CliJson.Options));
        }

        return ExitCodes.Cancelled;
    }

    private async Task<int> ReportAsync(DatabricksClient client, Run run, string page, BundleUploadResult upload, LocalBundle local, SubmitRequest request, CancellationToken cancellationToken)
    {
        var task = run.Tasks?.FirstOrDefault(t => t.TaskKey == JobInvocation.TaskKey) ?? run.Tasks?.FirstOrDefault();
        RunOutput? output = null;
        if (task is not null && run.LifeCycle != LifeCycleStates.Skipped)
        {
            output = await client.Runs.GetOutputAsync(task.RunId, cancellationToken);
        }

        var launcher = LauncherOutput.Parse(output?.Logs);
        var verdict = RunVerdict.Of(run, launcher);
        if (request.Json)
        {
            var node = new JsonObject
            {
                ["runId"] = run.RunId,
                ["runPageUrl"] = page,
                ["lifeCycleState"] = run.LifeCycle,
                ["resultState"] = run.Result,
                ["stateMessage"] = run.State?.StateMessage,
                ["exitCode"] = verdict.ExitCode,
                ["verdict"] = verdict.Summary,
                ["jobExitCode"] = launcher.ExitCode,
                ["error"] = output?.Error,
                ["bundle"] = BundleOutput.BundleJson(upload, local),
                ["report"] = launcher.Report?.DeepClone(),
            };
            await console.Out.WriteLineAsync(node.ToJsonString(CliJson.Options));
        }
        else
        {
            if (launcher.Report is { } report && (launcher.Validation is not { } validation || !RunReportPrinter.TryRender(validation, console.Out, console.OutStyle, CommonOptions.Verbose(parse))))
            {
                await console.Out.WriteLineAsync(report.ToJsonString(CliJson.Options));
            }

            if (verdict.ExitCode != ExitCodes.Ok)
            {
                if (output?.Error is { Length: > 0 } error)
                {
                    await console.Error.WriteLineAsync($"task error: {error}");
                }

                if (launcher.Report is null && launcher.Tail.Count > 0)
                {
                    await console.Error.WriteLineAsync("last lines of the task's output:");
                    foreach (var line in launcher.Tail)
                    {
                        await console.Error.WriteLineAsync("  " + line);
                    }
                }
            }

            await console.Out.WriteLineAsync($"run {run.RunId}: {verdict.Summary} ({page})");
        }

        return verdict.ExitCode;
    }
}
