using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Databricks.Runs;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Cli;

namespace Handoff.Exporter.Cli;

/// <summary><c>exporter runs list|get|cancel</c>: look at and stop job runs in the workspace.</summary>
internal static class RunsCommand
{
    public static Command Create(CliConsole console, DatabricksCommandContext context)
    {
        var command = new Command("runs", "List, show and cancel Databricks job runs.\n" + ExitCodes.Describe(ExitCodes.StorageError, ExitCodes.RunFailed));
        command.Subcommands.Add(List(console, context));
        command.Subcommands.Add(Get(console, context));
        command.Subcommands.Add(Cancel(console, context));
        return command;
    }

    private static Command List(CliConsole console, DatabricksCommandContext context)
    {
        var workspace = new DatabricksArguments();
        var jobId = new Option<long?>("--job-id") { Description = "Only runs of this job.", HelpName = "ID" };
        var active = new Option<bool>("--active") { Description = "Only runs that have not finished." };
        var limit = new Option<int>("--limit") { Description = "At most this many runs, newest first (default 25).", HelpName = "N", DefaultValueFactory = _ => 25 };
        var json = JsonOption.Create();
        var command = new Command("list", "List runs, newest first.\n" + ExitCodes.Describe(ExitCodes.StorageError, ExitCodes.RunFailed));
        foreach (var option in workspace.All.Concat([jobId, active, limit, json]))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(json), async () =>
        {
            var max = parse.GetValue(limit) is >= 1 and var n ? n : throw new UsageException("--limit must be 1 or more");
            using var client = workspace.Connect(workspace.Resolve(parse, context), parse, context, console.Error);
            var runs = new List<Run>();
            await foreach (var run in client.Runs.ListAsync(new RunListQuery { JobId = parse.GetValue(jobId), ActiveOnly = parse.GetValue(active), PageSize = Math.Min(RunListQuery.MaxPageSize, max) }, cancellationToken))
            {
                runs.Add(run);
                if (runs.Count >= max)
                {
                    break;
                }
            }

            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(new JsonObject { ["runs"] = JsonSerializer.SerializeToNode(runs, DatabricksJson.Options) }.ToJsonString(CliJson.Options));
                return ExitCodes.Ok;
            }

            await console.Out.WriteLineAsync($"{"run id",-14} {"state",-16} {"result",-10} {"started (UTC)",-20} name");
            foreach (var run in runs)
            {
                await console.Out.WriteLineAsync($"{run.RunId,-14} {run.LifeCycle,-16} {run.Result ?? "-",-10} {Time(run.StartTime),-20} {run.RunName}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Get(CliConsole console, DatabricksCommandContext context)
    {
        var workspace = new DatabricksArguments();
        var runId = new Argument<long>("RUN_ID") { Description = "The run's id." };
        var json = JsonOption.Create();
        var command = new Command("get", "Show a run: state, tasks, page, and the job's validation verdict when it has finished.\n" + ExitCodes.Describe(ExitCodes.StorageError, ExitCodes.RunFailed));
        command.Arguments.Add(runId);
        foreach (var option in workspace.All.Append(json))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(json), async () =>
        {
            using var client = workspace.Connect(workspace.Resolve(parse, context), parse, context, console.Error);
            var run = await client.Runs.GetAsync(parse.GetValue(runId), cancellationToken);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(run, DatabricksJson.Options));
                return ExitCodes.Ok;
            }

            await console.Out.WriteLineAsync($"run {run.RunId}: {run.RunName}");
            await console.Out.WriteLineAsync($"  state:   {run.LifeCycle}{(run.Result is null ? string.Empty : " " + run.Result)}{(string.IsNullOrEmpty(run.State?.StateMessage) ? string.Empty : ": " + run.State!.StateMessage)}");
            await console.Out.WriteLineAsync($"  started: {Time(run.StartTime)}   ended: {Time(run.EndTime)}");
            await console.Out.WriteLineAsync($"  page:    {run.RunPageUrl ?? client.RunPage(run.RunId).ToString()}");
            foreach (var task in run.Tasks ?? [])
            {
                await console.Out.WriteLineAsync($"  task {task.TaskKey} (run {task.RunId}): {task.State?.LifeCycleState ?? task.Status?.State}{(task.State?.ResultState is { } r ? " " + r : string.Empty)}");
            }

            if (run.IsFinal)
            {
                await console.Out.WriteLineAsync($"  verdict: {RunVerdict.Of(run, null).Summary}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Cancel(CliConsole console, DatabricksCommandContext context)
    {
        var workspace = new DatabricksArguments();
        var runId = new Argument<long>("RUN_ID") { Description = "The run to cancel." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the run has stopped." };
        var json = JsonOption.Create();
        var command = new Command("cancel", "Cancel a run (it stops asynchronously; --wait waits for it).\n" + ExitCodes.Describe(ExitCodes.StorageError, ExitCodes.RunFailed));
        command.Arguments.Add(runId);
        foreach (var option in workspace.All.Concat([wait, json]))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(json), async () =>
        {
            using var client = workspace.Connect(workspace.Resolve(parse, context), parse, context, console.Error);
            var id = parse.GetValue(runId);
            await client.Runs.CancelAsync(id, cancellationToken);
            var state = "cancel requested";
            if (parse.GetValue(wait))
            {
                var run = await new RunWaiter(client.Runs, context.Time, context.PollInterval).WaitAsync(id, _ => { }, cancellationToken);
                state = $"{run.LifeCycle}{(run.Result is null ? string.Empty : " " + run.Result)}";
            }

            await console.Out.WriteLineAsync(parse.GetValue(json) ? new JsonObject { ["runId"] = id, ["state"] = state }.ToJsonString(CliJson.Options) : $"run {id}: {state}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, bool json, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception error)
        {
            return ErrorReport.Write(error, json, console, DatabricksErrors.Classify, DatabricksErrors.Describe);
        }
    }

    private static string Time(long? epochMillis) =>
        epochMillis is > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(epochMillis.Value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";
}
