using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using System.CommandLine;

namespace Handoff.Exporter.Cli;

/// <summary><c>exporter export</c>: query → files → manifest.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = new ExportArguments();
        var json = JsonOption.Create();
        var command = new Command("export", "Run a SQL query and export its result as Parquet, Avro, CSV or JSON files, committed by a manifest.json.\n" +
            "Files are written first, then manifest.json (create-new, so a committed export id is never overwritten), then an optional .DONE.\n" +
            ExitCodes.Describe(ExitCodes.SourceError, ExitCodes.StorageError));
        foreach (var option in arguments.All.Append(json))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                var invocation = arguments.Build(parse, DateTimeOffset.UtcNow);
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                var result = await ExportRunner.RunAsync(invocation, console, progress, cancellationToken);
                ExportSummary.Write(result, asJson, console.Out);
                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, asJson, console, ExporterErrors.Classify, ExporterErrors.Describe);
            }
        });
        return command;
    }
}
