using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Shared.Cli;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Exports.FromFiles;
using Handoff.Shared.Progress;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Cli;

/// <summary>
/// <c>exporter manifest</c>: the manifest of files sent without one (Amperity's own output),
/// printed, or with --write committed next to the files (create-new), so that the files become an
/// export that can be loaded and validated later like any other.
/// </summary>
internal static class ManifestCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new FilesArguments(required: true);
        var write = new Option<bool>("--write") { Description = "Commit the manifest as <folder>/manifest.json (create-new: an existing, different manifest is never replaced; an identical one is left as it is). Without it the manifest is printed." };
        var json = JsonOption.Create();
        var storage = new StorageArguments();
        var command = new Command("manifest", "Build the manifest of files that came without one: sizes and MD5 of every file; schema and rows from Parquet footers, or rows by reading CSV/JSON/Avro with --schema. " +
            "The export id (files-<hash>) and createdAt come from the files' names, sizes and last-modified times, so the same files always give the same manifest.\n" + ExitCodes.Describe(ExitCodes.StorageError));
        foreach (var option in files.All.Concat([write, json]).Concat(storage.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            var progress = FilesProgressLine.For(console);
            try
            {
                var (selection, spec) = files.Build(parse);
                var folder = ObjectStoreFactory.Open(selection.Folder, storage.Build(parse));
                var manifest = await ManifestFromFiles.BuildAsync(folder, selection, spec, progress, cancellationToken);
                progress?.Finish();
                var bytes = ManifestJson.Serialize(manifest);
                if (!parse.GetValue(write))
                {
                    await console.Out.WriteAsync(Encoding.UTF8.GetString(bytes));
                    return ExitCodes.Ok;
                }

                var written = await CommitAsync(folder, manifest, bytes, cancellationToken);
                var location = selection.Folder.Combine(ManifestJson.FileName).ToString()!;
                await console.Out.WriteLineAsync(asJson ? Summary(manifest, location, written).ToJsonString(CliJson.Options) : Human(manifest, location, written));
                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                progress?.Finish();
                return ErrorReport.Write(error, asJson, console, ExporterErrors.Classify, ExporterErrors.Describe);
            }
        });
        return command;
    }

    /// <summary>Writes manifest.json create-new; true if written, false if the same manifest was already there.</summary>
    private static async Task<bool> CommitAsync(IObjectStore folder, ExportManifest manifest, byte[] bytes, CancellationToken cancellationToken)
    {
        if (await folder.PutIfAbsentAsync(ManifestJson.FileName, bytes, cancellationToken))
        {
            return true;
        }

        ExportManifest existing;
        await using (var stream = await folder.OpenReadAsync(ManifestJson.FileName, cancellationToken))
        {
            existing = await ManifestJson.ReadAsync(stream, cancellationToken);
        }

        return existing.Equals(manifest)
            ? false
            : throw new InputDataException($"{folder.Root} already has a manifest.json (export {existing.ExportId}) that differs from the one these files give (export {manifest.ExportId}); a committed manifest is never replaced");
    }

    private static string Human(ExportManifest manifest, string location, bool written) =>
        $"{(written ? "committed" : "already committed, unchanged:")} {location}: export {manifest.ExportId}, {manifest.RowCount:N0} rows in {manifest.Files.Count} files ({Units.Bytes(manifest.Files.Sum(f => f.Bytes))})";

    private static JsonObject Summary(ExportManifest manifest, string location, bool written) => new()
    {
        ["manifest"] = location,
        ["exportId"] = manifest.ExportId,
        ["createdAt"] = manifest.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["rowCount"] = manifest.RowCount,
        ["files"] = manifest.Files.Count,
        ["bytes"] = manifest.Files.Sum(f => f.Bytes),
        ["written"] = written,
    };
}
