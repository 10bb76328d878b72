using Handoff.SparkJob.Delta;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>One export a stream loaded: its id when the table tells it, and its createdAt.</summary>
public sealed record LoadedExport(string? ExportId, DateTimeOffset CreatedAt);

/// <summary>
/// What a table's snapshot says a stream has loaded, read from its app transactions under the
/// scheme of <see cref="LoadTransactions"/>: the questions <c>load --exports</c> asks (append:
/// which committed exports has this stream not loaded yet; overwrite: is the newest newer than
/// the last one loaded). A version of -1 is a transaction a rollback reset: not loaded.
/// </summary>
public static class StreamLoads
{
    /// <summary>
    /// True when <paramref name="stream"/> appended the export, or overwrote the table with it (or
    /// with an export of the same createdAt) as its latest overwrite.
    /// </summary>
    public static bool HasLoaded(Snapshot snapshot, string stream, string exportId, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.GetAppTransactionVersion(LoadTransactions.AppendAppId(stream, exportId)) is >= 0
            || snapshot.GetAppTransactionVersion(stream) == LoadTransactions.VersionOf(createdAt);
    }

    /// <summary>Every export <paramref name="stream"/> appended and that is still recorded, oldest createdAt first.</summary>
    public static IReadOnlyList<LoadedExport> Appended(Snapshot snapshot, string stream)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.AppTransactions
            .Where(t => t.Value.Version >= 0)
            .Select(t => (Id: LoadTransactions.AppendedExportId(t.Key, stream), t.Value.Version))
            .Where(t => t.Id is not null)
            .Select(t => new LoadedExport(t.Id, DateTimeOffset.FromUnixTimeMilliseconds(t.Version)))
            .OrderBy(e => e.CreatedAt)
            .ThenBy(e => e.ExportId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The newest export <paramref name="stream"/> loaded, by createdAt: its latest overwrite or
    /// its newest append. The id of an overwrite comes from the commit that recorded it (its
    /// userMetadata), so it is null once that commit has left the log.
    /// </summary>
    public static async Task<LoadedExport?> LastLoadedAsync(DeltaTable table, Snapshot snapshot, string stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(snapshot);
        var newestAppend = Appended(snapshot, stream).LastOrDefault();
        if (!snapshot.AppTransactions.TryGetValue(stream, out var overwrite) || overwrite.Version < 0
            || (newestAppend is not null && newestAppend.CreatedAt.ToUnixTimeMilliseconds() >= overwrite.Version))
        {
            return newestAppend;
        }

        return new LoadedExport(await OverwriteExportIdAsync(table, snapshot, overwrite.LastUpdated, cancellationToken), DateTimeOffset.FromUnixTimeMilliseconds(overwrite.Version));
    }

    // Our commits stamp the txn's lastUpdated and the commitInfo's timestamp with the same instant.
    private static async Task<string?> OverwriteExportIdAsync(DeltaTable table, Snapshot snapshot, long? lastUpdated, CancellationToken cancellationToken)
    {
        if (lastUpdated is null)
        {
            return null;
        }

        var history = await table.ReadHistoryAsync(cancellationToken);
        return history.LastOrDefault(c => c.Version <= snapshot.Version && c.CommitInfo?.Timestamp == lastUpdated)?.CommitInfo?.UserMetadata;
    }
}
