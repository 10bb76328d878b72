using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Properties;
using Handoff.SparkJob.Delta.Stats;
using Handoff.SparkJob.Delta.Transactions;

namespace Handoff.SparkJob.Delta;

/// <summary>
/// A Delta table at a storage location: read snapshots and history, start write transactions,
/// restore an earlier version. All I/O goes through its <see cref="IDeltaEngine"/>.
/// </summary>
public sealed class DeltaTable
{
    private readonly IDeltaEngine _engine;
    private readonly DeltaTransactionOptions _options;

    public DeltaTable(IDeltaEngine engine, DeltaTransactionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _options = options ?? DeltaTransactionOptions.Default;
    }

    public DeltaTable(IObjectStore tableRoot, DeltaTransactionOptions? options = null)
        : this(new ObjectStoreDeltaEngine(tableRoot), options)
    {
    }

    public string Location => _engine.TableLocation;

    public Task<bool> ExistsAsync(CancellationToken cancellationToken) => DeltaLog.ExistsAsync(_engine, cancellationToken);

    /// <summary>The table at <paramref name="version"/>, or the latest version when null.</summary>
    public Task<Snapshot> LoadSnapshotAsync(long? version, CancellationToken cancellationToken) =>
        DeltaLog.LoadSnapshotAsync(_engine, version, cancellationToken);

    public Task<IReadOnlyList<CommitHistoryEntry>> ReadHistoryAsync(CancellationToken cancellationToken) =>
        DeltaLog.ReadHistoryAsync(_engine, cancellationToken);

    public Task<DeltaTransaction> StartTransactionAsync(CancellationToken cancellationToken) =>
        DeltaTransaction.StartAsync(_engine, _options, cancellationToken);

    /// <summary>
    /// Describes a Parquet data file already inside the table folder for <see cref="DeltaTransaction.AddFile"/>:
    /// its size and time from storage, its stats (numRecords, null counts, min/max) from its footer,
    /// written under the data-skipping properties of the table when the file is committed.
    /// </summary>
    public async Task<DataFile> DescribeDataFileAsync(string path, TableSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var info = await _engine.GetFileAsync(path, cancellationToken)
            ?? throw new DeltaException(DeltaErrorKind.UnreadableFile, $"data file '{path}' is not in the Delta table folder {Location}");
        var footer = await _engine.ReadParquetFooterAsync(path, cancellationToken);
        var collected = ParquetFileStats.Collect(footer, schema);
        return new DataFile(path, info.Size, info.LastModified ?? DateTimeOffset.UtcNow, collected.ToJson(TableProperties.Defaults)) { Collected = collected };
    }

    /// <summary>
    /// Commits a new version whose content equals <paramref name="version"/>'s (RESTORE). Fails
    /// if a data file of that version is gone, or if another writer changes the table meanwhile.
    /// </summary>
    public async Task<DeltaCommitResult> RestoreAsync(long version, string? userMetadata, CancellationToken cancellationToken)
    {
        var current = await LoadSnapshotAsync(null, cancellationToken);
        if (version >= current.Version)
        {
            throw new DeltaException(
                DeltaErrorKind.VersionNotFound,
                $"cannot restore the Delta table {Location} to version {version}: it must be older than the current version {current.Version}");
        }

        var target = await LoadSnapshotAsync(version, cancellationToken);
        var currentKeys = current.Files.Select(FileKey.Of).ToHashSet();
        foreach (var file in target.Files.Where(f => !currentKeys.Contains(FileKey.Of(f))))
        {
            var path = target.ObjectPathOf(file.Path);
            if (await _engine.GetFileAsync(path, cancellationToken) is null)
            {
                throw new DeltaException(
                    DeltaErrorKind.UnreadableFile,
                    $"cannot restore the Delta table {Location} to version {version}: its data file '{path}' no longer exists (vacuumed?)");
            }
        }

        var plan = new RestorePlan(Location, current, target, userMetadata, _options.EngineInfo);
        return await Committer.CommitAsync(_engine, current, plan, _options, cancellationToken);
    }

    /// <summary>
    /// Commits a new version with no rows that also forgets every app transaction (resets it to
    /// -1), as a restore to "before the table's first load" would: used to roll back a load that
    /// created the table, so the same export can be loaded again.
    /// </summary>
    public async Task<DeltaCommitResult> RestoreToEmptyAsync(string? userMetadata, CancellationToken cancellationToken)
    {
        var current = await LoadSnapshotAsync(null, cancellationToken);
        var plan = new RestorePlan(Location, current, target: null, userMetadata, _options.EngineInfo);
        return await Committer.CommitAsync(_engine, current, plan, _options, cancellationToken);
    }
}
