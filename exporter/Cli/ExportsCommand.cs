using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Exports.Listing;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Cli;

/// <summary><c>exporter exports</c>: the committed exports under a prefix, and separately the folders that are not exports.</summary>
internal static class ExportsCommand
{
    public static Command Create(CliConsole console)
    {
        var to = new Option<string>("--to") { Description = "The exports prefix, as given to 'export --to': a local folder or a Blob location. Each folder directly below it that holds a manifest.json is a committed export.", HelpName = "LOCATION", Required = true };
        var json = JsonOption.Create();
        var storage = new StorageArguments();
        var command = new Command("exports", "List the committed exports under a prefix (export id, createdAt, format, rows, files, bytes), oldest first, and separately the uncommitted leftovers: folders without a manifest.json, " +
            "which are never loaded (a failed or running export, or not an export at all). The prefix is listed once; only the committed exports' manifests are read.\n" + ExitCodes.Describe(ExitCodes.StorageError));
        foreach (var option in new Option[] { to, json }.Concat(storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                var location = StorageLocationParser.Parse(parse.GetValue(to)!);
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                ExportsUnderPrefix exports;
                using (progress.Start("listing the exports"))
                {
                    exports = await ExportsUnderPrefix.ReadAsync(ObjectStoreFactory.Open(location, storage.Build(parse)), cancellationToken);
                }

                await console.Out.WriteLineAsync(asJson ? ExportsOutput.ToJson(location, exports).ToJsonString(CliJson.Options) : ExportsOutput.Table(location, exports));
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
