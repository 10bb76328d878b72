using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Shared.Cli;
using Handoff.Shared.Exports.Listing;
using Handoff.Shared.Progress;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Cli;

/// <summary>How <c>exports</c> is shown: two aligned tables (committed, then leftovers), or one JSON object.</summary>
internal static class ExportsOutput
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static JsonObject ToJson(StorageLocation prefix, ExportsUnderPrefix exports) => new()
    {
        ["prefix"] = prefix.ToString(),
        ["committed"] = new JsonArray(exports.Committed.Where(e => e.Manifest is not null).Select(e => (JsonNode)new JsonObject
        {
            ["id"] = e.Manifest!.ExportId,
            ["folder"] = e.Folder.Name,
            ["createdAt"] = e.Manifest.CreatedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
            ["format"] = Format(e),
            ["rows"] = e.Manifest.RowCount,
            ["files"] = e.Manifest.Files.Count,
            ["bytes"] = e.Manifest.Files.Sum(f => f.Bytes),
            ["done"] = e.Folder.Done,
        }).ToArray()),
        ["unreadable"] = new JsonArray(exports.Committed.Where(e => e.Manifest is null).Select(e => (JsonNode)new JsonObject
        {
            ["folder"] = e.Folder.Name,
            ["problem"] = e.Problem,
        }).ToArray()),
        ["uncommitted"] = new JsonArray(exports.Uncommitted.Select(f => (JsonNode)new JsonObject
        {
            ["folder"] = f.Name,
            ["files"] = f.Files,
            ["bytes"] = f.Bytes,
            ["lastModified"] = f.LastModified?.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
            ["locked"] = f.Locked,
        }).ToArray()),
    };

    public static string Table(StorageLocation prefix, ExportsUnderPrefix exports)
    {
        var text = new StringBuilder();
        var readable = exports.Committed.Where(e => e.Manifest is not null).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"committed exports under {prefix}: {readable.Count}");
        if (readable.Count > 0)
        {
            Rows(text, ["export id", "created at (UTC)", "format", "rows", "files", "bytes", "folder"], readable.Select(e => new[]
            {
                e.Manifest!.ExportId,
                e.Manifest.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                Format(e),
                e.Manifest.RowCount.ToString("N0", CultureInfo.InvariantCulture),
                e.Manifest.Files.Count.ToString(CultureInfo.InvariantCulture),
                Units.Bytes(e.Manifest.Files.Sum(f => f.Bytes)),
                e.Folder.Name,
            }));
        }

        foreach (var unreadable in exports.Committed.Where(e => e.Manifest is null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"unreadable manifest in {unreadable.Folder.Name}/ (cannot be loaded): {unreadable.Problem}");
        }

        if (exports.Uncommitted.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"UNCOMMITTED leftovers (no manifest.json: not exports, never loaded): {exports.Uncommitted.Count}");
            Rows(text, ["folder", "files", "bytes", "last modified (UTC)", "note"], exports.Uncommitted.Select(f => new[]
            {
                f.Name,
                f.Files.ToString(CultureInfo.InvariantCulture),
                Units.Bytes(f.Bytes),
                f.LastModified?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                f.Locked ? "an export run holds its lock (running, or killed)" : string.Empty,
            }));
        }

        return text.ToString().TrimEnd();
    }

    private static string Format(ListedExport export) =>
        Handoff.Shared.Manifest.FormatNames.ToText(export.Manifest!.Format.Type);

    private static void Rows(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (var row in all)
        {
            text.AppendLine("  " + string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
    }
}
