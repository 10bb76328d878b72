using Handoff.SparkJob.Delta.Actions;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// What a transaction wants to commit, expressed against whatever version is current when a
/// commit is attempted: after losing a race the committer asks again with the newer snapshot,
/// and the plan either rebases (appends stay appends) or throws a conflict.
/// </summary>
internal interface ICommitPlan
{
    /// <summary>The commitInfo.txnId of every attempt, which identifies this transaction's commit in the log.</summary>
    string TxnId { get; }

    /// <summary>The actions (commitInfo first) for the commit after <paramref name="current"/>; null when the table does not exist yet.</summary>
    IReadOnlyList<IDeltaAction> BuildActions(Snapshot? current, long timestampMillis);
}
