using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// What every commit this writer makes must satisfy before it is put, whichever plan built it.
/// PROTOCOL.md, "Delta Log Entries" (delta-io/delta bb1057f): "A single log entry MUST NOT include
/// more than one action that reconciles with each other": add/remove with the same (path, DV),
/// more than one metaData, more than one protocol, more than one txn with the same appId. File
/// actions follow Spark's stricter check (delta-io/delta bb1057f,
/// spark/.../ConflictChecker.scala, checkNoDuplicateActions, error DELTA_DUPLICATE_ACTIONS_FOUND):
/// two adds, or two removes, of one path whatever their DVs, and an add and a remove of the same
/// (path, DV). delta-kernel-rs replays a version's actions in order, so such a commit can drop a
/// live file for its readers.
/// </summary>
internal static class CommitInvariants
{
    /// <summary>Throws <see cref="DeltaErrorKind.InvalidTransaction"/>, naming the action and path, when two actions of <paramref name="actions"/> reconcile.</summary>
    public static void EnsureNoReconcilingActions(IReadOnlyList<IDeltaAction> actions, string table)
    {
        var adds = new Dictionary<string, string?>(StringComparer.Ordinal);
        var removes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var appIds = new HashSet<string>(StringComparer.Ordinal);
        var metadata = 0;
        var protocols = 0;
        foreach (var action in actions)
        {
            switch (action)
            {
                case AddFile add:
                    CheckFile("add", add.Path, add.DeletionVector?.UniqueId, adds, removes, table);
                    break;
                case RemoveFile remove:
                    CheckFile("remove", remove.Path, remove.DeletionVector?.UniqueId, removes, adds, table);
                    break;
                case MetadataAction when ++metadata > 1:
                    throw Duplicate(table, "more than one metaData action");
                case ProtocolAction when ++protocols > 1:
                    throw Duplicate(table, "more than one protocol action");
                case TxnAction txn when !appIds.Add(txn.AppId):
                    throw Duplicate(table, $"more than one txn action for the appId '{txn.AppId}'");
            }
        }
    }

    private static void CheckFile(string kind, string path, string? dv, Dictionary<string, string?> same, Dictionary<string, string?> other, string table)
    {
        if (!same.TryAdd(path, dv))
        {
            throw Duplicate(table, $"two {kind} actions for the file '{path}'");
        }

        if (other.TryGetValue(path, out var otherDv) && otherDv == dv)
        {
            throw Duplicate(table, $"an add and a remove of the same file '{path}'{(dv is null ? string.Empty : $" (deletion vector {dv})")}");
        }
    }

    private static DeltaException Duplicate(string table, string what) => new(
        DeltaErrorKind.InvalidTransaction,
        $"refusing to commit to the Delta table {table}: the commit holds {what}, and a Delta log entry must not hold two actions that reconcile with each other (Spark: DELTA_DUPLICATE_ACTIONS_FOUND); nothing was committed");
}
