using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Log;

namespace Handoff.SparkJob.Delta;

/// <summary>Entry points for reading a Delta table's log.</summary>
public static class DeltaLog
{
    /// <summary>The table at <paramref name="version"/>, or the latest version when null.</summary>
    public static Task<Snapshot> LoadSnapshotAsync(IObjectStore tableRoot, long? version, CancellationToken cancellationToken) =>
        LoadSnapshotAsync(new ObjectStoreDeltaEngine(tableRoot), version, cancellationToken);

    public static async Task<Snapshot> LoadSnapshotAsync(IDeltaEngine engine, long? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var segment = await LogSegment.BuildAsync(engine, version, cancellationToken);
        var (state, commitInfo) = await LogReplay.ReplayAsync(engine, segment, cancellationToken);
        return Snapshot.Create(engine, segment, state, commitInfo);
    }

    /// <summary>True when the folder holds a Delta log (at least one commit or checkpoint).</summary>
    public static async Task<bool> ExistsAsync(IDeltaEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return !(await LogListing.ReadAsync(engine, cancellationToken)).IsEmpty;
    }

    public static Task<bool> ExistsAsync(IObjectStore tableRoot, CancellationToken cancellationToken) =>
        ExistsAsync(new ObjectStoreDeltaEngine(tableRoot), cancellationToken);

    /// <summary>
    /// The commitInfo of every commit still in the log, oldest first. Versions whose commit file
    /// was cleaned up (covered by a checkpoint) are absent.
    /// </summary>
    public static async Task<IReadOnlyList<CommitHistoryEntry>> ReadHistoryAsync(IDeltaEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var listing = await LogListing.ReadAsync(engine, cancellationToken);
        if (listing.IsEmpty)
        {
            throw new DeltaException(DeltaErrorKind.NotADeltaTable, $"{engine.TableLocation} is not a Delta table: there is no _delta_log/ folder with commits or checkpoints");
        }

        var history = new List<CommitHistoryEntry>(listing.Commits.Count);
        foreach (var (version, commit) in listing.Commits)
        {
            history.Add(new CommitHistoryEntry(version, await LogReplay.ReadCommitInfoAsync(engine, commit.Path, cancellationToken)));
        }

        return history;
    }

    public static Task<IReadOnlyList<CommitHistoryEntry>> ReadHistoryAsync(IObjectStore tableRoot, CancellationToken cancellationToken) =>
        ReadHistoryAsync(new ObjectStoreDeltaEngine(tableRoot), cancellationToken);
}
