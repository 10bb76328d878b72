using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Checkpoints;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Log;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// Optimistic commit: write <c>_delta_log/&lt;version&gt;.json</c> with put-if-absent; when another
/// writer got that version first, reload the table, let the plan rebase (or refuse), and try the
/// next version, a bounded number of times. Checkpoints every N versions after success.
/// </summary>
internal static class Committer
{
    public static async Task<DeltaCommitResult> CommitAsync(IDeltaEngine engine, Snapshot? read, ICommitPlan plan, DeltaTransactionOptions options, CancellationToken cancellationToken)
    {
        var current = read;
        for (var attempt = 1; ; attempt++)
        {
            var now = options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            var actions = plan.BuildActions(current, now);
            CommitInvariants.EnsureNoReconcilingActions(actions, engine.TableLocation);
            var version = (current?.Version ?? -1) + 1;
            if (await engine.PutIfAbsentAsync(LogFile.CommitPath(version), ActionJsonWriter.ToCommitBytes(actions), cancellationToken)
                || await IsOwnCommitAsync(engine, version, plan, cancellationToken))
            {
                var (checkpointVersion, checkpointError) = await CheckpointIfDueAsync(engine, current, version, actions, options, cancellationToken);
                return new DeltaCommitResult(
                    version,
                    attempt,
                    actions.Count(a => a is AddFile),
                    actions.Count(a => a is RemoveFile),
                    checkpointVersion,
                    checkpointError);
            }

            if (attempt >= options.MaxCommitAttempts)
            {
                throw new DeltaException(
                    DeltaErrorKind.ConcurrentModification,
                    $"could not commit to the Delta table {engine.TableLocation}: other writers took every version from {(read?.Version ?? -1) + 1} to {version} ({attempt} attempts)");
            }

            // A little jitter keeps racing writers from colliding on every next version too.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20)), cancellationToken);
            current = await DeltaLog.LoadSnapshotAsync(engine, null, cancellationToken);
        }
    }

    /// <summary>
    /// True when the commit found at <paramref name="version"/> is this transaction's own: a
    /// storage client that retried a put whose first try succeeded sees "already exists".
    /// </summary>
    private static async Task<bool> IsOwnCommitAsync(IDeltaEngine engine, long version, ICommitPlan plan, CancellationToken cancellationToken)
    {
        var info = await LogReplay.ReadCommitInfoAsync(engine, LogFile.CommitPath(version), cancellationToken);
        return info?.TxnId == plan.TxnId;
    }

    private static async Task<(long? Version, string? Error)> CheckpointIfDueAsync(
        IDeltaEngine engine,
        Snapshot? previous,
        long version,
        IReadOnlyList<IDeltaAction> actions,
        DeltaTransactionOptions options,
        CancellationToken cancellationToken)
    {
        var state = previous?.State.Clone() ?? new TableState(engine.Paths);
        foreach (var action in actions)
        {
            state.Apply(action);
        }

        var interval = CheckpointWriter.IntervalOf(state.Metadata, options.CheckpointInterval);
        if (version == 0 || version % interval != 0)
        {
            return (null, null);
        }

        try
        {
            await CheckpointWriter.WriteAsync(engine, version, state, options.Clock.GetUtcNow(), options.TombstoneRetention, cancellationToken);
            return (version, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The commit is durable already; a missing checkpoint only makes later reads replay more commits.
            return (null, $"the checkpoint at version {version} was not written: {ex.Message}");
        }
    }
}
