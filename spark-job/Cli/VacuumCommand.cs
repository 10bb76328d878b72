using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.SparkJob.Delta.Vacuum;
using Handoff.SparkJob.Output;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job vacuum</c>: delete the files no version inside the retention window needs.</summary>
internal static class VacuumCommand
{
    public static Command Create(CliConsole console, SparkJobEnvironment environment)
    {
        var table = new TableArguments(manifestRequired: false);
        var engine = new EngineArguments();
        var arguments = new VacuumArguments();
        var command = new Command("vacuum", "Delete the table's data files that no version inside the retention window references: files removed longer ago than the window, and files never committed (left by stopped writers) older than it. " +
            "Live files, the files of versions inside the window and _delta_log/ are never touched. The default window is the table's delta.deletedFileRetentionDuration, or 168 hours; a shorter one needs --force. " +
            "After a vacuum the table can no longer be read or restored as of versions older than the window. The spark engine runs Delta's VACUUM.\n" + ExitCodes.Describe(ExitCodes.StorageError));
        foreach (var option in new Option[] { table.Table }.Concat(arguments.All).Concat(engine.All).Append(table.Json).Concat(table.Storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(table.Json);
            try
            {
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                await using var session = await engine.OpenAsync(parse, table, [], environment, console, cancellationToken, progress);
                VacuumResult result;
                using (progress.Start("vacuuming"))
                {
                    try
                    {
                        result = await session.Vacuum.VacuumAsync(arguments.Build(parse), cancellationToken);
                    }
                    catch (VacuumWindowTooShortException tooShort)
                    {
                        throw arguments.Refusal(tooShort);
                    }
                }

                await WriteAsync(console, session.Vacuum.Table, result, json);
                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, json, console, SparkJobErrors.Classify, SparkJobErrors.Describe);
            }
        });
        return command;
    }

    private static async Task WriteAsync(CliConsole console, string table, VacuumResult result, bool json)
    {
        if (json)
        {
            await console.Out.WriteLineAsync(VacuumOutput.ToJson(table, result).ToJsonString(CliJson.Options));
            return;
        }

        foreach (var line in VacuumOutput.Lines(table, result))
        {
            await console.Out.WriteLineAsync(line);
        }
    }
}
