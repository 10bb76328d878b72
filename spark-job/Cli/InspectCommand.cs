using System.CommandLine;
using System.Text.Json.Nodes;
using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Output;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job inspect</c>: what any Delta table holds, from its log alone.</summary>
internal static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        var table = new Option<string>("--table") { Description = "The Delta table's folder (local or Blob).", HelpName = "LOCATION", Required = true };
        var version = new Option<long?>("--version") { Description = "Inspect this version (default: the latest).", HelpName = "N" };
        var json = JsonOption.Create();
        var storage = new StorageArguments();
        var command = new Command("inspect", "Print a Delta table's version, row count, columns and protocol. Tables using reader features this tool does not implement are refused, naming the feature.\n" + ExitCodes.Describe(ExitCodes.StorageError));
        foreach (var option in new Option[] { table, version, json }.Concat(storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                var store = ObjectStoreFactory.Open(StorageLocationParser.Parse(parse.GetValue(table)!), storage.Build(parse));
                using var progress = ConsoleProgress.For(console, CommonOptions.Verbose(parse));
                Snapshot snapshot;
                long rows;
                using (progress.Start("reading the table's log"))
                {
                    snapshot = await DeltaLog.LoadSnapshotAsync(store, parse.GetValue(version), cancellationToken);
                    rows = await snapshot.CountRowsAsync(cancellationToken);
                }

                var description = Describe(snapshot, rows);
                await console.Out.WriteLineAsync(asJson ? description.ToJsonString(CliJson.Options) : Human(snapshot, rows));
                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, asJson, console, SparkJobErrors.Classify, SparkJobErrors.Describe);
            }
        });
        return command;
    }

    private static JsonObject Describe(Snapshot snapshot, long rows) => new()
    {
        ["version"] = snapshot.Version,
        ["rowCount"] = rows,
        ["columns"] = new JsonArray(snapshot.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.TypeText, ["nullable"] = c.Nullable }).ToArray()),
        ["protocol"] = new JsonObject
        {
            ["minReaderVersion"] = snapshot.Protocol.MinReaderVersion,
            ["minWriterVersion"] = snapshot.Protocol.MinWriterVersion,
            ["readerFeatures"] = snapshot.Protocol.ReaderFeatures is { } reader ? new JsonArray(reader.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()) : null,
            ["writerFeatures"] = snapshot.Protocol.WriterFeatures is { } writer ? new JsonArray(writer.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()) : null,
        },
        ["files"] = snapshot.Files.Count,
        ["partitionColumns"] = new JsonArray(snapshot.PartitionColumns.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
    };

    private static string Human(Snapshot snapshot, long rows)
    {
        var lines = new List<string>
        {
            $"table    {snapshot.TableLocation}",
            $"version  {snapshot.Version}",
            $"rows     {rows:N0} in {snapshot.Files.Count} files",
            $"protocol reader {snapshot.Protocol.MinReaderVersion}, writer {snapshot.Protocol.MinWriterVersion}",
            "columns",
        };
        var width = snapshot.Columns.Count == 0 ? 4 : snapshot.Columns.Max(c => c.Name.Length);
        lines.AddRange(snapshot.Columns.Select(c => $"  {c.Name.PadRight(width)}  {c.TypeText}{(c.Nullable ? string.Empty : " not null")}"));
        return string.Join(Environment.NewLine, lines);
    }
}
