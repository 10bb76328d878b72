using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Log;
using Handoff.SparkJob.Delta.Stats;

namespace Handoff.SparkJob.Delta.History;

/// <summary>
/// The versions of a table still in its log, each with the rows it added and removed. Commits are
/// replayed in order keeping each live logical file's row count (PROTOCOL.md "Action
/// Reconciliation": files keyed by path and deletion vector), so a remove is counted with the rows
/// its file held, which the remove action itself does not carry. When the oldest commits were
/// cleaned up, replay starts from the state just before the first commit left (a checkpoint);
/// if that cannot be rebuilt, rows removed from files older than the first commit are unknown.
/// </summary>
public static class TableChanges
{
    public static async Task<IReadOnlyList<VersionChange>> ReadAsync(IDeltaEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var listing = await LogListing.ReadAsync(engine, cancellationToken);
        if (listing.IsEmpty)
        {
            throw new DeltaException(DeltaErrorKind.NotADeltaTable, $"{engine.TableLocation} is not a Delta table: there is no _delta_log/ folder with commits or checkpoints");
        }

        var changes = new List<VersionChange>(listing.Commits.Count);
        if (listing.Commits.Count == 0)
        {
            return changes;
        }

        var before = await StateBeforeAsync(engine, listing.Commits.Keys.First(), cancellationToken);
        var live = new LiveRows(before ?? [], before is not null);
        foreach (var (version, commit) in listing.Commits)
        {
            changes.Add(await ReplayAsync(engine, version, commit, live, cancellationToken));
        }

        return changes;
    }

    /// <summary>Rows of each live file just before <paramref name="firstCommit"/>; null when that state cannot be rebuilt.</summary>
    private static async Task<Dictionary<FileKey, long?>?> StateBeforeAsync(IDeltaEngine engine, long firstCommit, CancellationToken cancellationToken)
    {
        if (firstCommit == 0)
        {
            return [];
        }

        try
        {
            var snapshot = await DeltaLog.LoadSnapshotAsync(engine, firstCommit - 1, cancellationToken);
            return snapshot.Files.ToDictionary(FileKey.Of, RowsOf);
        }
        catch (DeltaException error) when (error.Kind is DeltaErrorKind.VersionNotFound or DeltaErrorKind.CorruptLog)
        {
            return null;
        }
    }

    private static async Task<VersionChange> ReplayAsync(IDeltaEngine engine, long version, LogFile commit, LiveRows live, CancellationToken cancellationToken)
    {
        CommitInfo? info = null;
        long? added = 0;
        long? removed = 0;
        await foreach (var action in LogReplay.ReadCommitAsync(engine, commit.Path, cancellationToken))
        {
            switch (action)
            {
                case CommitInfo commitInfo:
                    info = commitInfo;
                    break;
                case AddFile add:
                    // Adding a file that is already live replaces it (new stats): its old rows leave.
                    if (live.Files.Remove(FileKey.Of(add), out var replaced))
                    {
                        removed += replaced;
                    }

                    added += RowsOf(add);
                    live.Files[FileKey.Of(add)] = RowsOf(add);
                    break;
                case RemoveFile remove:
                    removed += live.Files.Remove(FileKey.Of(remove), out var rows) ? rows : live.Complete ? 0 : null;
                    break;
            }
        }

        var timestamp = info?.Timestamp is { } millis ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : (DateTimeOffset?)null;
        return new VersionChange(version, timestamp, info?.Operation, info?.UserMetadata, added, removed);
    }

    private static long? RowsOf(AddFile add) =>
        StatsJsonReader.Parse(add.Stats).NumRecords is { } records ? records - (add.DeletionVector?.Cardinality ?? 0) : null;

    /// <summary>The rows of each live logical file; <see cref="Complete"/> when every live file is known.</summary>
    private sealed record LiveRows(Dictionary<FileKey, long?> Files, bool Complete);
}
