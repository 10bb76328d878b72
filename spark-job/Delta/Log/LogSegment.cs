using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Log;

/// <summary>
/// The files that make up one version of the table: the newest complete checkpoint at or before
/// it, and every commit after that checkpoint up to the version, with no gap.
/// </summary>
/// <param name="CommitAtVersion">The commit file of <paramref name="Version"/> itself, when it still exists: checkpoints keep no commitInfo.</param>
public sealed record LogSegment(long Version, CheckpointFiles? Checkpoint, IReadOnlyList<LogFile> Commits, LogFile? CommitAtVersion)
{
    /// <summary>What the state is replayed from, for messages: "the checkpoint at version 10 and 2 commits after it".</summary>
    public string Describe() => Checkpoint is null
        ? $"commits 0 to {Version}"
        : $"the checkpoint at version {Checkpoint.Version} and {Commits.Count} commit{(Commits.Count == 1 ? string.Empty : "s")} after it";

    /// <summary>
    /// Lists the log and picks the files for <paramref name="version"/> (the latest when null).
    /// <c>_last_checkpoint</c> is not read: it only tells a reader where to start listing, and an
    /// <c>IObjectStore</c> lists by prefix, so the full listing of <c>_delta_log/</c> is needed
    /// anyway to find the commits after the checkpoint; it already shows every checkpoint.
    /// </summary>
    public static async Task<LogSegment> BuildAsync(IDeltaEngine engine, long? version, CancellationToken cancellationToken)
    {
        var listing = await LogListing.ReadAsync(engine, cancellationToken);
        if (listing.IsEmpty)
        {
            throw new DeltaException(
                DeltaErrorKind.NotADeltaTable,
                $"{engine.TableLocation} is not a Delta table: there is no _delta_log/ folder with commits or checkpoints");
        }

        var latest = listing.LatestVersion;
        if (version is { } requested && (requested < 0 || requested > latest))
        {
            throw new DeltaException(
                DeltaErrorKind.VersionNotFound,
                $"version {requested} of the Delta table {engine.TableLocation} does not exist (the latest version is {latest})");
        }

        var target = version ?? latest;
        var checkpoint = listing.CompleteCheckpoints().FirstOrDefault(c => c.Version <= target);

        var commits = new List<LogFile>();
        var first = checkpoint is null ? 0 : checkpoint.Version + 1;
        for (var v = first; v <= target; v++)
        {
            if (!listing.Commits.TryGetValue(v, out var commit))
            {
                throw MissingCommit(engine, listing, v, target, checkpoint, version is not null);
            }

            commits.Add(commit);
        }

        return new LogSegment(target, checkpoint, commits, listing.Commits.GetValueOrDefault(target));
    }

    private static DeltaException MissingCommit(IDeltaEngine engine, LogListing listing, long missing, long target, CheckpointFiles? checkpoint, bool timeTravel)
    {
        var before = listing.Commits.Keys.Where(k => k < missing).DefaultIfEmpty(-1).Max();
        var after = listing.Commits.Keys.Where(k => k > missing).DefaultIfEmpty(-1).Min();
        if (before < 0 && checkpoint is null && after > 0 && timeTravel)
        {
            return new DeltaException(
                DeltaErrorKind.VersionNotFound,
                $"version {target} of the Delta table {engine.TableLocation} can no longer be reconstructed: the log starts at version {after} and no checkpoint covers earlier versions");
        }

        var context = before >= 0 && after >= 0
            ? $"the log jumps from version {before} to version {after}"
            : checkpoint is not null
                ? $"the checkpoint at version {checkpoint.Version} is followed by no commit {missing}"
                : after >= 0
                    ? $"the earliest commit is version {after} and there is no checkpoint before it"
                    : $"commit {missing} is absent";
        return new DeltaException(
            DeltaErrorKind.CorruptLog,
            $"the Delta log of {engine.TableLocation} is not contiguous: commit version {missing} is missing ({context}), so version {target} cannot be read");
    }
}
