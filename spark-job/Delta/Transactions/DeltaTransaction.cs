using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// An optimistic write transaction: it reads the table's current version when started, collects
/// data files (already written into the table folder), then commits them as one new version.
/// Creates the table (protocol 1/2) when it does not exist yet.
/// </summary>
/// <example>
/// <code>
/// var tx = await DeltaTransaction.StartAsync(tableRoot, null, ct);
/// tx.Schema = schema;                     // required to create; checked against an existing table
/// tx.Mode = DeltaWriteMode.Append;
/// tx.SetAppTransaction(exportId, 1);      // idempotency: a second commit fails "already loaded"
/// tx.UserMetadata = exportId;
/// tx.AddFile(new DataFile("part-00000.parquet", size, mtime, statsJson));
/// var result = await tx.CommitAsync(ct);
/// </code>
/// </example>
public sealed class DeltaTransaction
{
    private readonly IDeltaEngine _engine;
    private readonly DeltaTransactionOptions _options;
    private readonly List<DataFile> _files = [];
    private (string AppId, long Version)? _txn;
    private bool _committed;

    private DeltaTransaction(IDeltaEngine engine, Snapshot? readSnapshot, DeltaTransactionOptions options)
    {
        _engine = engine;
        _options = options;
        ReadSnapshot = readSnapshot;
    }

    /// <summary>The version this transaction read; null when the table did not exist.</summary>
    public Snapshot? ReadSnapshot { get; }

    public long? ReadVersion => ReadSnapshot?.Version;

    public DeltaWriteMode Mode { get; set; } = DeltaWriteMode.Append;

    /// <summary>The schema of the data files. Required to create the table; otherwise it must match the table's.</summary>
    public TableSchema? Schema { get; set; }

    /// <summary>With <see cref="DeltaWriteMode.Overwrite"/>, replace the table's schema by <see cref="Schema"/> instead of failing on a mismatch.</summary>
    public bool OverwriteSchema { get; set; }

    /// <summary>Recorded as commitInfo.userMetadata (the export id).</summary>
    public string? UserMetadata { get; set; }

    public IReadOnlyList<DataFile> Files => _files;

    public static Task<DeltaTransaction> StartAsync(IObjectStore tableRoot, DeltaTransactionOptions? options, CancellationToken cancellationToken) =>
        StartAsync(new ObjectStoreDeltaEngine(tableRoot), options, cancellationToken);

    public static async Task<DeltaTransaction> StartAsync(IDeltaEngine engine, DeltaTransactionOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Snapshot? snapshot;
        try
        {
            snapshot = await DeltaLog.LoadSnapshotAsync(engine, null, cancellationToken);
        }
        catch (DeltaException ex) when (ex.Kind == DeltaErrorKind.NotADeltaTable)
        {
            snapshot = null;
        }

        return new DeltaTransaction(engine, snapshot, options ?? DeltaTransactionOptions.Default);
    }

    public void AddFile(DataFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _files.Add(file);
    }

    /// <summary>
    /// Records (appId, version) in the commit as a txn action. The commit fails with
    /// <see cref="DeltaTransactionAlreadyCommittedException"/> when the table already records this
    /// appId at <paramref name="version"/> or later, including when a concurrent writer does.
    /// </summary>
    public void SetAppTransaction(string appId, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        _txn = (appId, version);
    }

    public async Task<DeltaCommitResult> CommitAsync(CancellationToken cancellationToken)
    {
        if (_committed)
        {
            throw new DeltaException(DeltaErrorKind.InvalidTransaction, $"this transaction on {_engine.TableLocation} was already committed");
        }

        if (ReadSnapshot is not null && _files.Count == 0 && Mode == DeltaWriteMode.Append && _txn is null)
        {
            throw new DeltaException(DeltaErrorKind.InvalidTransaction, $"nothing to commit to the Delta table {_engine.TableLocation}: no files and no transaction id");
        }

        var plan = new WritePlan(_engine.TableLocation, ReadSnapshot, Mode, Schema, OverwriteSchema, _files.ToList(), _txn, UserMetadata, _options.EngineInfo);
        var result = await Committer.CommitAsync(_engine, ReadSnapshot, plan, _options, cancellationToken);
        _committed = true;
        return result;
    }
}
