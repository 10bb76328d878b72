using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Storage;
using Handoff.SparkJob.History;

namespace Handoff.SparkJob.Cli;

/// <summary>Options shared by the job's commands: the export (a manifest, or an exports prefix), the table, the stream, and storage credentials.</summary>
internal sealed class TableArguments(bool manifestRequired = true)
{
    public Option<string> Manifest { get; } = new("--manifest") { Description = "The export's manifest.json, or its folder (local path, file://, https://<account>.blob.core.windows.net/..., abfss://, wasbs://).", HelpName = "LOCATION", Required = manifestRequired };

    public Option<string?> Exports { get; } = new("--exports") { Description = "An exports prefix, as given to 'exporter export --to': each folder directly below it that holds a manifest.json is a committed export (folders without one are never read).", HelpName = "PREFIX" };

    public Option<string?> Stream { get; } = new("--stream") { Description = "Idempotency key (Delta txn appId; default: the table location). Append: each export is appended once per stream, in any order. Overwrite: the newest export wins; a re-run, or an export older than the last one the stream loaded, is skipped (exit 0).", HelpName = "NAME" };

    public Option<string> Table { get; } = new("--table") { Description = "The Delta table: its folder (local or Blob) for --engine embedded; a catalog name (schema.table, catalog.schema.table) or a location (abfss://..., /Volumes/..., an absolute path) for --engine spark.", HelpName = "LOCATION|NAME", Required = true };

    public Option<string?> History { get; } = new("--history") { Description = "The validation-history Delta table (default: <table>_validation beside the table; a name or location with --engine spark).", HelpName = "LOCATION|NAME" };

    public Option<string?> ReportJson { get; } = new("--report-json") { Description = "Also write the validation report as JSON to this local file.", HelpName = "PATH" };

    public StorageArguments Storage { get; } = new();

    public Option<bool> Json { get; } = JsonOption.Create();

    public IObjectStore OpenTable(ParseResult parse, out StorageLocation location)
    {
        location = StorageLocationParser.Parse(parse.GetValue(Table)!);
        return ObjectStoreFactory.Open(location, Storage.Build(parse));
    }

    public IObjectStore OpenHistory(ParseResult parse, StorageLocation table)
    {
        var history = parse.GetValue(History) is { } text ? StorageLocationParser.Parse(text) : ValidationHistory.DefaultLocationFor(table);
        return ObjectStoreFactory.Open(history, Storage.Build(parse));
    }
}
