using Handoff.SparkJob.Delta.Actions;

namespace Handoff.SparkJob.Delta.Log;

/// <summary>
/// The reconciled state of the log while it is replayed in version order (PROTOCOL.md "Action
/// Reconciliation"): the latest protocol and metaData win, the latest txn per appId wins, and
/// file actions keep only the newest reference per logical file.
/// </summary>
/// <remarks>
/// Live files are keyed by path alone, as the protocol keeps "unique path keys" in the add
/// collection; a remove drops the live file only when its deletion vector matches, so a DV
/// update (remove old DV + add new DV, in either order within a commit) leaves the new one. The
/// key is the path resolved against the table (<see cref="TableFilePaths.KeyOf"/>), so a relative
/// and an absolute reference to one file reconcile.
/// </remarks>
public sealed class TableState
{
    private readonly Dictionary<string, AddFile> _files;
    private readonly Dictionary<FileKey, RemoveFile> _tombstones;
    private readonly Dictionary<string, TxnAction> _transactions;
    private readonly TableFilePaths _paths;

    public TableState(TableFilePaths? paths = null)
    {
        _paths = paths ?? TableFilePaths.RelativeOnly;
        _files = new Dictionary<string, AddFile>(StringComparer.Ordinal);
        _tombstones = [];
        _transactions = new Dictionary<string, TxnAction>(StringComparer.Ordinal);
    }

    private TableState(TableState other)
    {
        Protocol = other.Protocol;
        Metadata = other.Metadata;
        _paths = other._paths;
        _files = new Dictionary<string, AddFile>(other._files, StringComparer.Ordinal);
        _tombstones = new Dictionary<FileKey, RemoveFile>(other._tombstones);
        _transactions = new Dictionary<string, TxnAction>(other._transactions, StringComparer.Ordinal);
    }

    public ProtocolAction? Protocol { get; private set; }

    public MetadataAction? Metadata { get; private set; }

    public IReadOnlyCollection<AddFile> Files => _files.Values;

    public IReadOnlyCollection<RemoveFile> Tombstones => _tombstones.Values;

    public IReadOnlyDictionary<string, TxnAction> Transactions => _transactions;

    public TableState Clone() => new(this);

    public void Apply(IDeltaAction action)
    {
        switch (action)
        {
            case AddFile add:
            {
                var key = _paths.KeyOf(add.Path);
                _files[key] = add;
                _tombstones.Remove(new FileKey(key, add.DeletionVector?.UniqueId));
                break;
            }

            case RemoveFile remove:
            {
                var key = _paths.KeyOf(remove.Path);
                if (_files.TryGetValue(key, out var live) && live.DeletionVector?.UniqueId == remove.DeletionVector?.UniqueId)
                {
                    _files.Remove(key);
                }

                _tombstones[new FileKey(key, remove.DeletionVector?.UniqueId)] = remove;
                break;
            }

            case ProtocolAction protocol:
                Protocol = protocol;
                break;
            case MetadataAction metadata:
                Metadata = metadata;
                break;
            case TxnAction txn:
                _transactions[txn.AppId] = txn;
                break;
        }
    }

    /// <summary>
    /// The actions of a checkpoint of this state: protocol, metaData, txns, live files and
    /// tombstones newer than <paramref name="tombstoneCutoff"/>. File actions are written with
    /// dataChange=false, as Spark's checkpoints hold them (delta-io/delta bb1057f,
    /// spark/.../actions/InMemoryLogReplay.scala): a checkpoint re-states the table, it changes no
    /// data, and a streaming reader starting from it must not see every file as new.
    /// </summary>
    /// <param name="withStats">False to leave add.stats out (delta.checkpoint.writeStatsAsJson=false).</param>
    public List<IDeltaAction> ToCheckpointActions(long tombstoneCutoff, bool withStats = true)
    {
        var actions = new List<IDeltaAction>(_files.Count + _transactions.Count + 2);
        if (Protocol is not null)
        {
            actions.Add(Protocol);
        }

        if (Metadata is not null)
        {
            actions.Add(Metadata);
        }

        actions.AddRange(_transactions.Values);
        actions.AddRange(_files.Values.Select(f => f with { DataChange = false, Stats = withStats ? f.Stats : null }));
        actions.AddRange(_tombstones.Values.Where(r => (r.DeletionTimestamp ?? 0) > tombstoneCutoff).Select(r => r with { DataChange = false }));
        return actions;
    }
}
