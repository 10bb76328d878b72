using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Protocol;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// A commit that makes the table's content equal to an earlier version: files live now but not
/// then are removed, files live then but not now are added back, the metadata of then is
/// restored, and so are the app transactions (an appId unknown then is reset to version -1), so
/// that an export rolled back this way can be loaded again. The protocol is never downgraded.
/// A null target means "empty": every file removed, every app transaction reset, metadata kept.
/// </summary>
internal sealed class RestorePlan : ICommitPlan
{
    private readonly string _table;
    private readonly Snapshot _read;
    private readonly Snapshot? _target;
    private readonly string? _userMetadata;
    private readonly string _engineInfo;

    public RestorePlan(string table, Snapshot read, Snapshot? target, string? userMetadata, string engineInfo)
    {
        _table = table;
        _read = read;
        _target = target;
        _userMetadata = userMetadata;
        _engineInfo = engineInfo;
    }

    public string TxnId { get; } = Guid.NewGuid().ToString();

    private string TargetText => _target is null ? "an empty table" : $"version {_target.Version}";

    public IReadOnlyList<IDeltaAction> BuildActions(Snapshot? current, long timestampMillis)
    {
        if (current is null)
        {
            throw new DeltaException(DeltaErrorKind.NotADeltaTable, $"cannot restore {_table}: it is not a Delta table");
        }

        if (current.Version != _read.Version
            && (!current.Metadata.SameShapeAs(_read.Metadata) || !current.Files.Select(FileKey.Of).ToHashSet().SetEquals(_read.Files.Select(FileKey.Of))))
        {
            throw new DeltaException(
                DeltaErrorKind.ConcurrentModification,
                $"another writer changed the Delta table {_table} between version {_read.Version} and {current.Version}; the restore to {TargetText} was not made");
        }

        var target = _target ?? current;
        ProtocolCheck.EnsureWritable(current.Protocol, target.Metadata, target.Schema, _table);
        var actions = new List<IDeltaAction>();
        if (!target.Metadata.SameShapeAs(current.Metadata))
        {
            actions.Add(target.Metadata);
        }

        foreach (var (appId, txn) in current.AppTransactions)
        {
            var then = _target?.GetAppTransactionVersion(appId) ?? -1;
            if (then != txn.Version)
            {
                actions.Add(new TxnAction(appId, then, timestampMillis));
            }
        }

        var targetFiles = _target?.Files ?? [];
        var targetKeys = targetFiles.Select(FileKey.Of).ToHashSet();
        var currentKeys = current.Files.Select(FileKey.Of).ToHashSet();
        var removes = current.Files.Where(f => !targetKeys.Contains(FileKey.Of(f))).Select(f => RemoveFile.For(f, timestampMillis)).ToList();
        if (removes.Count > 0 && ProtocolCheck.IsAppendOnly(current.Metadata))
        {
            throw new DeltaException(DeltaErrorKind.InvalidTransaction, $"cannot restore the Delta table {_table}: it is append-only (delta.appendOnly=true)");
        }

        actions.AddRange(removes);
        actions.AddRange(targetFiles.Where(f => !currentKeys.Contains(FileKey.Of(f))).Select(f => f with { DataChange = true }));
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["version"] = _target?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (empty)",
        };
        actions.Insert(0, CommitInfoFactory.Create(timestampMillis, "RESTORE", parameters, current, actions, _engineInfo, _userMetadata, TxnId, isBlindAppend: false));
        return actions;
    }
}
