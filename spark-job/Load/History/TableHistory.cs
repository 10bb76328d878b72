using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.History;

namespace Handoff.SparkJob.History;

/// <summary>
/// A table's versions (newest first) joined with the validation history: for the export a version
/// came from, the run recorded at that version, or else the latest run recorded for that export.
/// </summary>
public static class TableHistory
{
    public static async Task<IReadOnlyList<HistoryLine>> ReadAsync(IObjectStore table, IObjectStore validationHistory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(validationHistory);
        var changes = await TableChanges.ReadAsync(new ObjectStoreDeltaEngine(table), cancellationToken);
        var runs = (await ValidationHistoryReader.ReadAsync(validationHistory, cancellationToken))
            .ToLookup(r => r.ExportId, StringComparer.Ordinal);
        return changes
            .OrderByDescending(c => c.Version)
            .Select(c => new HistoryLine(c, c.UserMetadata is { } exportId ? Pick(runs[exportId], c.Version) : null))
            .ToList();
    }

    private static RecordedValidation? Pick(IEnumerable<RecordedValidation> runs, long version)
    {
        var ordered = runs.OrderByDescending(r => r.FinishedAt).ToList();
        return ordered.FirstOrDefault(r => r.TableVersion == version) ?? ordered.FirstOrDefault();
    }
}
