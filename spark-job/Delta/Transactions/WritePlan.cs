using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Properties;
using Handoff.SparkJob.Delta.Protocol;
using Handoff.SparkJob.Delta.Schema;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// An append or overwrite, optionally creating the table and recording an application
/// transaction. Rebasing rules after another writer won a version: appends go on top of any
/// concurrent appends; a concurrent change of protocol or metadata, or (for an overwrite) of the
/// files it would remove, is a conflict; a concurrent commit of the same txn means "already loaded".
/// </summary>
internal sealed class WritePlan : ICommitPlan
{
    private readonly string _table;
    private readonly Snapshot? _read;
    private readonly DeltaWriteMode _mode;
    private readonly TableSchema? _schema;
    private readonly bool _overwriteSchema;
    private readonly IReadOnlyList<DataFile> _files;
    private readonly (string AppId, long Version)? _txn;
    private readonly string? _userMetadata;
    private readonly string _engineInfo;
    private readonly string _newTableId = Guid.NewGuid().ToString();

    public WritePlan(
        string table,
        Snapshot? read,
        DeltaWriteMode mode,
        TableSchema? schema,
        bool overwriteSchema,
        IReadOnlyList<DataFile> files,
        (string AppId, long Version)? txn,
        string? userMetadata,
        string engineInfo)
    {
        _table = table;
        _read = read;
        _mode = mode;
        _schema = schema;
        _overwriteSchema = overwriteSchema;
        _files = files;
        _txn = txn;
        _userMetadata = userMetadata;
        _engineInfo = engineInfo;
        foreach (var file in files)
        {
            CheckDataFilePath(file.Path);
        }
    }

    public string TxnId { get; } = Guid.NewGuid().ToString();

    public IReadOnlyList<IDeltaAction> BuildActions(Snapshot? current, long timestampMillis)
    {
        CheckRebase(current);
        var actions = new List<IDeltaAction>();
        var creating = current is null;
        MetadataAction? metadata = current?.Metadata;
        if (current is null)
        {
            var schema = _schema ?? throw new DeltaException(DeltaErrorKind.InvalidTransaction, $"the Delta table {_table} does not exist, and the transaction gives no schema to create it with");
            metadata = NewMetadata(schema, timestampMillis);
            actions.Add(ProtocolAction.ForNewTable);
            actions.Add(metadata);
        }
        else
        {
            ProtocolCheck.EnsureWritable(current.Protocol, current.Metadata, current.Schema, _table);
            if (_schema is not null && SchemaDifferences.Between(_schema, current.Columns) is { Count: > 0 } differences)
            {
                if (!(_mode == DeltaWriteMode.Overwrite && _overwriteSchema))
                {
                    throw new DeltaException(
                        DeltaErrorKind.SchemaMismatch,
                        $"the data does not match the schema of the Delta table {_table}: {string.Join("; ", differences)}");
                }

                actions.Add(current.Metadata with { SchemaString = DeltaSchemaJson.Write(_schema) });
            }
        }

        if (_txn is { } txn)
        {
            actions.Add(new TxnAction(txn.AppId, txn.Version, timestampMillis));
        }

        if (_mode == DeltaWriteMode.Overwrite && current is not null)
        {
            if (current.Files.Count > 0 && ProtocolCheck.IsAppendOnly(current.Metadata))
            {
                throw new DeltaException(DeltaErrorKind.InvalidTransaction, $"cannot overwrite the Delta table {_table}: it is append-only (delta.appendOnly=true)");
            }

            actions.AddRange(current.Files.Select(f => RemoveFile.For(f, timestampMillis)));
        }

        var properties = new TableProperties(metadata);
        actions.AddRange(_files.Select(f => new AddFile(
            FilePaths.ToLogPath(f.Path),
            new Dictionary<string, string?>(),
            f.Size,
            f.ModificationTime.ToUnixTimeMilliseconds(),
            DataChange: true,
            f.Collected?.ToJson(properties) ?? f.Stats)));

        var operation = creating && _files.Count == 0 ? "CREATE TABLE" : "WRITE";
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["mode"] = _mode == DeltaWriteMode.Overwrite ? "Overwrite" : "Append",
            ["partitionBy"] = "[]",
        };
        actions.Insert(0, CommitInfoFactory.Create(timestampMillis, operation, parameters, current, actions, _engineInfo, _userMetadata, TxnId, isBlindAppend: _mode == DeltaWriteMode.Append));
        return actions;
    }

    private void CheckRebase(Snapshot? current)
    {
        if (_txn is { } txn && current?.GetAppTransactionVersion(txn.AppId) is { } committed && committed >= txn.Version)
        {
            throw new DeltaTransactionAlreadyCommittedException(txn.AppId, txn.Version, committed, current.Version);
        }

        if (_read is null || current is null || current.Version == _read.Version)
        {
            return;
        }

        if (!SameProtocol(current.Protocol, _read.Protocol))
        {
            throw Conflict(current, "its protocol changed");
        }

        if (!current.Metadata.SameShapeAs(_read.Metadata))
        {
            throw Conflict(current, "its metadata (schema or properties) changed");
        }

        if (_mode == DeltaWriteMode.Overwrite && !SameFiles(current, _read))
        {
            throw Conflict(current, "files were added or removed, which this overwrite would silently drop");
        }
    }

    private DeltaException Conflict(Snapshot current, string what) => new(
        DeltaErrorKind.ConcurrentModification,
        $"another writer changed the Delta table {_table} between version {_read!.Version} and {current.Version}: {what}; the commit was not made");

    private static bool SameProtocol(ProtocolAction a, ProtocolAction b) =>
        a.MinReaderVersion == b.MinReaderVersion
        && a.MinWriterVersion == b.MinWriterVersion
        && (a.ReaderFeatures ?? []).SequenceEqual(b.ReaderFeatures ?? [])
        && (a.WriterFeatures ?? []).SequenceEqual(b.WriterFeatures ?? []);

    private static bool SameFiles(Snapshot a, Snapshot b) =>
        a.Files.Count == b.Files.Count && a.Files.Select(FileKey.Of).ToHashSet().SetEquals(b.Files.Select(FileKey.Of));

    private MetadataAction NewMetadata(TableSchema schema, long timestampMillis) => new(
        _newTableId,
        Name: null,
        Description: null,
        "parquet",
        new Dictionary<string, string?>(),
        DeltaSchemaJson.Write(schema),
        [],
        new Dictionary<string, string?>(),
        timestampMillis);

    private void CheckDataFilePath(string path)
    {
        try
        {
            ObjectPath.Validate(path);
        }
        catch (StorageException ex)
        {
            throw new DeltaException(DeltaErrorKind.InvalidTransaction, $"cannot add data file '{path}' to the Delta table {_table}: {ex.Message}", ex);
        }

        if (path.Split('/').Any(segment => segment.StartsWith('_') || segment.StartsWith('.')))
        {
            throw new DeltaException(
                DeltaErrorKind.InvalidTransaction,
                $"cannot add data file '{path}' to the Delta table {_table}: data files must not be in, or named like, hidden ('_' or '.') folders such as _delta_log");
        }
    }
}
