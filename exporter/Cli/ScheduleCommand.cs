using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Databricks.Jobs;
using Handoff.Exporter.Databricks.Schedule;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;

namespace Handoff.Exporter.Cli;

/// <summary><c>exporter schedule</c>: create or update (jobs/reset) the Databricks job that runs the load on a cron schedule; running it twice changes nothing.</summary>
internal static class ScheduleCommand
{
    public static Command Create(CliConsole console, DatabricksCommandContext context)
    {
        var workspace = new DatabricksArguments();
        var target = new JobTargetArguments();
        var name = new Option<string>("--name") { Description = "The job's name; the job of exactly this name is created or updated.", HelpName = "NAME", Required = true };
        var cron = new Option<string?>("--cron") { Description = $"Quartz cron: seconds minutes hours day-of-month month day-of-week [year] (default \"{ScheduleSpec.DefaultCron}\": daily at 02:00).", HelpName = "QUARTZ" };
        var timeZone = new Option<string?>("--timezone") { Description = $"IANA time zone of the schedule (default {ScheduleSpec.DefaultTimeZone}).", HelpName = "TZ" };
        var paused = new Option<bool>("--paused") { Description = "Create or leave the schedule paused." };
        var from = new Option<string?>("--from") { Description = "A job definition (JSON or YAML) with the Jobs API's own keys, or an Asset Bundle file (resources.jobs); the options above are applied on top.", HelpName = "job.json|job.yml" };
        var notify = new Option<string[]>("--notify") { Description = "Email this address when a run fails; repeatable.", HelpName = "EMAIL" };
        var maxRetries = new Option<int>("--max-retries") { Description = "Task retries after a failure (default 2).", HelpName = "N", DefaultValueFactory = _ => 2 };
        var retryInterval = new Option<string>("--min-retry-interval") { Description = "Wait between task retries (default 5m).", HelpName = "DURATION", DefaultValueFactory = _ => "5m" };
        var timeout = new Option<string?>("--timeout") { Description = "Stop a run after this long (the task's timeout_seconds).", HelpName = "DURATION" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the jobs/create body and return at once: nothing is built or sent, and what only a build or the workspace knows (the bundle's hash, your user name) is shown as <placeholders>." };
        var json = JsonOption.Create();
        var command = new Command("schedule",
            "Create the Databricks job that loads an export on a schedule, or replace its settings (jobs/reset) when a job of that name exists. " +
            "With --exports PREFIX each run loads what is new under the prefix (the newest export, or in append every one not loaded yet), so the daily job follows the daily exports; with --manifest every run loads that one export. " +
            "The export location and the table become job parameters (exports or manifest, and table), so jobs/run-now can load from elsewhere. Defaults: daily, one run at a time, queueing on, 2 task retries.\n" +
            ExitCodes.Describe(ExitCodes.StorageError, ExitCodes.RunFailed));
        foreach (var option in target.All.Concat(workspace.All).Concat([name, cron, timeZone, paused, from, notify, maxRetries, retryInterval, timeout, dryRun, json]))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                var jobName = parse.GetValue(name)!.Trim();
                if (jobName.Length == 0)
                {
                    throw new UsageException("--name is empty");
                }

                var dry = parse.GetValue(dryRun);
                var (config, problem) = dry ? workspace.TryResolve(parse, context) : (workspace.Resolve(parse, context), null);
                var spec = new ScheduleSpec
                {
                    Name = jobName,
                    Source = target.Source(parse),
                    Table = target.TableName(parse),
                    Mode = parse.GetValue(target.Mode)!,
                    Cron = parse.GetValue(cron) is { } c ? QuartzCron.Validate(c) : null,
                    TimeZone = parse.GetValue(timeZone) is { } tz ? TimeZoneCheck.Validate(tz) : null,
                    Paused = parse.GetValue(paused),
                    Compute = target.Compute(parse, optional: true),
                    FallbackCompute = JobTargetArguments.ConfiguredCompute(config),
                    From = parse.GetValue(from) is { } file ? JobDefinitionFile.Read(file, jobName) : null,
                    Notify = parse.GetValue(notify) ?? [],
                    MaxRetries = parse.GetValue(maxRetries) is >= 0 and var r ? r : throw new UsageException("--max-retries must be 0 or more"),
                    MinRetryInterval = DurationArgument.Parse(parse.GetValue(retryInterval), "--min-retry-interval")!.Value,
                    TimeoutSeconds = DurationArgument.Parse(parse.GetValue(timeout), "--timeout") is { } t ? (long)Math.Ceiling(t.TotalSeconds) : null,
                    Mount = target.Mount(parse),
                    CheckPaths = target.CheckPaths(parse),
                };
                if (spec.From?.Schedule is { } fileSchedule)
                {
                    QuartzCron.Validate(fileSchedule.QuartzCronExpression);
                    TimeZoneCheck.Validate(fileSchedule.TimezoneId);
                }

                var bundleLocation = target.Bundle(parse, context);
                if (dry)
                {
                    var unbuilt = RemoteBundle.Unbuilt(bundleLocation ?? BundleLocation.ForUser(BundleLocation.UnknownUser));
                    await PrintDryRunAsync(console, ScheduleSettingsFactory.Create(spec, unbuilt), unbuilt, problem, asJson);
                    return ExitCodes.Ok;
                }

                using var client = workspace.Connect(config!, parse, context, console.Error);
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                bundleLocation ??= BundleLocation.ForUser((await client.CurrentUser.MeAsync(cancellationToken)).UserName!);
                var local = await BundleOutput.BuildAsync(context, parse.GetValue(target.BundleBinary), console, progress, cancellationToken);
                var remote = local.At(bundleLocation);
                var settings = ScheduleSettingsFactory.Create(spec, remote);
                var upload = await new BundleUploader(client).UploadAsync(
                    local, remote, console.Error, cancellationToken, BundleOutput.ProgressOn(progress));
                var result = await JobUpserter.UpsertAsync(client.Jobs, settings, cancellationToken);
                var page = client.JobPage(result.JobId).ToString();
                if (asJson)
                {
                    await console.Out.WriteLineAsync(new JsonObject
                    {
                        ["jobId"] = result.JobId,
                        ["name"] = jobName,
                        ["action"] = result.Action,
                        ["jobPageUrl"] = page,
                        ["schedule"] = JsonSerializer.SerializeToNode(settings.Schedule, DatabricksJson.Options),
                        ["bundle"] = BundleOutput.BundleJson(upload, local),
                    }.ToJsonString(CliJson.Options));
                }
                else
                {
                    var schedule = settings.Schedule!;
                    await console.Out.WriteLineAsync($"job {result.JobId} '{jobName}' {result.Action}: \"{schedule.QuartzCronExpression}\" {schedule.TimezoneId}{(spec.Paused ? " (paused)" : string.Empty)} — {page}");
                }

                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, asJson, console, DatabricksErrors.Classify, DatabricksErrors.Describe);
            }
        });
        return command;
    }

    private static async Task PrintDryRunAsync(CliConsole console, JobSettings settings, RemoteBundle remote, string? configProblem, bool json)
    {
        if (json)
        {
            await console.Out.WriteLineAsync(new JsonObject
            {
                ["dryRun"] = true,
                ["placeholders"] = BundleOutput.Placeholders(remote),
                ["bundle"] = new JsonObject { ["hash"] = remote.Hash, ["folder"] = remote.RuntimeFolder },
                ["method"] = "POST",
                ["path"] = "/api/2.2/jobs/create",
                ["body"] = JsonSerializer.SerializeToNode(settings, DatabricksJson.Options),
            }.ToJsonString(CliJson.Options));
            return;
        }

        await BundleOutput.WriteAsync(console.Error, remote, configProblem);
        await console.Error.WriteLineAsync($"when no job is named '{settings.Name}':");
        await console.Error.WriteLineAsync("POST /api/2.2/jobs/create");
        await console.Out.WriteLineAsync(JsonSerializer.Serialize(settings, DatabricksJson.Indented));
        await console.Error.WriteLineAsync("(when one exists: POST /api/2.2/jobs/reset with {\"job_id\": <id>, \"new_settings\": <the body above>}, unless its settings already match)");
    }
}
