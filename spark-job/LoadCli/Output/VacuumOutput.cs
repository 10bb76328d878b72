using System.Globalization;
using System.Text.Json.Nodes;
using Handoff.Shared.Cli;
using Handoff.Shared.Progress;
using Handoff.SparkJob.Delta.Vacuum;

namespace Handoff.SparkJob.Output;

/// <summary>How a vacuum is shown: what went (or would go), counted, with bytes; or one JSON object.</summary>
public static class VacuumOutput
{
    /// <summary>A vacuum run after a load: its result, or the error that stopped it.</summary>
    public static JsonObject ToJson(VacuumRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Result is { } result
            ? ToJson(run.Table, result)
            : new JsonObject { ["table"] = run.Table, ["error"] = run.Error?.Message };
    }

    public static JsonObject ToJson(string table, VacuumResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JsonObject
        {
            ["table"] = table,
            ["dryRun"] = result.DryRun,
            ["retentionHours"] = result.RetentionHours,
            ["deleteBefore"] = result.DeleteBefore.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["files"] = result.Files,
            ["bytes"] = result.Bytes,
            ["directories"] = result.Directories,
            ["paths"] = new JsonArray(result.Paths.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
        };
    }

    /// <summary>The human lines: on a dry run each path that would go, then one summary line.</summary>
    public static IEnumerable<string> Lines(string table, VacuumResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.DryRun)
        {
            foreach (var path in result.Paths)
            {
                yield return "would delete " + path;
            }
        }

        var files = result.Files is { } count ? string.Create(CultureInfo.InvariantCulture, $"{count:N0} file{(count == 1 ? string.Empty : "s")}") : "an unknown number of files";
        var bytes = result.Bytes is { } size ? $" ({Units.Bytes(size)})" : string.Empty;
        var folders = result.Directories > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {result.Directories:N0} empty folder{(result.Directories == 1 ? string.Empty : "s")}") : string.Empty;
        var window = string.Create(CultureInfo.InvariantCulture, $"no version of the last {result.RetentionHours:0.##} hours needs them (older than {result.DeleteBefore.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
        yield return result.DryRun
            ? $"vacuum dry run of {table}: would delete {files}{bytes}: {window}; nothing was deleted"
            : $"vacuum of {table}: deleted {files}{bytes}{folders}: {window}";
    }
}
