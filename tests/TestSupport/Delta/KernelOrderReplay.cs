using System.Text.Json;

namespace Handoff.Tests.Delta.Support;

/// <summary>
/// An independent reading of a table's live files, in the order delta-kernel-rs replays a log
/// (delta-io/delta-kernel-rs b14c3fb8, kernel/src/scan/log_replay.rs, AddRemoveDedupVisitor, and
/// kernel/src/log_replay/mod.rs, FileActionDeduplicator::check_and_record_seen): commits newest
/// first, the actions of one commit in file order; the first action seen for a (path, deletion
/// vector id) key decides, so an add survives only if no remove of the same key came before it in
/// that order. A commit holding "remove p" then "add p" thus drops p, as kernel readers do. Reads
/// the commit JSON files itself (no checkpoint support: the tables it checks have none).
/// </summary>
public static class KernelOrderReplay
{
    /// <summary>The live adds' paths and their stats' numRecords, up to <paramref name="version"/> (default: the latest).</summary>
    public static IReadOnlyList<(string Path, long Records)> LiveFiles(string tableFolder, long? version = null)
    {
        var log = Path.Combine(tableFolder, "_delta_log");
        var commits = Directory.GetFiles(log, "*.json")
            .Select(f => (Version: long.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture), File: f))
            .Where(c => version is null || c.Version <= version)
            .OrderByDescending(c => c.Version);
        var seen = new HashSet<(string, string?)>();
        var live = new List<(string, long)>();
        foreach (var (_, file) in commits)
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                using var action = JsonDocument.Parse(line);
                var root = action.RootElement;
                var isAdd = root.TryGetProperty("add", out var add);
                if (!isAdd && !root.TryGetProperty("remove", out add))
                {
                    continue;
                }

                var key = (add.GetProperty("path").GetString()!, DeletionVectorId(add));
                if (!seen.Add(key) || !isAdd)
                {
                    continue;
                }

                var stats = add.TryGetProperty("stats", out var statsText) && statsText.ValueKind == JsonValueKind.String
                    ? JsonDocument.Parse(statsText.GetString()!).RootElement.GetProperty("numRecords").GetInt64()
                    : throw new InvalidDataException($"add {key.Item1} has no stats");
                live.Add((key.Item1, stats));
            }
        }

        return live;
    }

    /// <summary>kernel's dv_unique_id: storageType + pathOrInlineDv, with "@offset" when there is one.</summary>
    private static string? DeletionVectorId(JsonElement fileAction)
    {
        if (!fileAction.TryGetProperty("deletionVector", out var dv) || dv.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = dv.GetProperty("storageType").GetString() + dv.GetProperty("pathOrInlineDv").GetString();
        return dv.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.Number ? $"{id}@{offset.GetInt32()}" : id;
    }
}
