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
/// update (remove old DV + add new DV, in either order within a commit) leaves the new one.
/// </remarks>
public sealed class TableState
{
    private readonly Dictionary<string, AddFile> _files;
    private readonly Dictionary<FileKey, RemoveFile> _tombstones;
    private readonly Dictionary<string, TxnAction> _transactions;

    public TableState()
    {
        _files = new Dictionary<string, AddFile>(StringComparer.Ordinal);
        _tombstones = [];
        _transactions = new Dictionary<string, TxnAction>(StringComparer.Ordinal);
    }

    private TableState(TableState other)
    {
        Protocol = other.Protocol;
        Metadata = other.Metadata;
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
                _files[add.Path] = add;
                _tombstones.Remove(FileKey.Of(add));
                break;
            case RemoveFile remove:
                if (_files.TryGetValue(remove.Path, out var live) && FileKey.Of(live) == FileKey.Of(remove))
                {
                    _files.Remove(remove.Path);
                }

                _tombstones[FileKey.Of(remove)] = remove;
                break;
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

    /// <summary>The actions of a checkpoint of this state: protocol, metaData, txns, live files and tombstones newer than <paramref name="tombstoneCutoff"/>.</summary>
    public List<IDeltaAction> ToCheckpointActions(long tombstoneCutoff)
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
        actions.AddRange(_files.Values);
        actions.AddRange(_tombstones.Values.Where(r => (r.DeletionTimestamp ?? 0) > tombstoneCutoff));
        return actions;
    }
}
