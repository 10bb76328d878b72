using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Log;
using Handoff.SparkJob.Delta.Protocol;
using Handoff.SparkJob.Delta.Schema;
using Handoff.SparkJob.Delta.Stats;

namespace Handoff.SparkJob.Delta;

/// <summary>
/// One version of a Delta table: protocol, metadata, schema, live files and app transactions.
/// Built by <see cref="DeltaLog.LoadSnapshotAsync(Handoff.Shared.Storage.IObjectStore, long?, CancellationToken)"/>;
/// immutable afterwards.
/// </summary>
public sealed class Snapshot
{
    private const int FooterReadParallelism = 8;
    private readonly IDeltaEngine _engine;
    private readonly TableState _state;

    private Snapshot(IDeltaEngine engine, long version, TableState state, CommitInfo? commitInfo, DeltaStructType schema, ColumnMappingMode columnMapping)
    {
        _engine = engine;
        _state = state;
        Version = version;
        Protocol = state.Protocol!;
        Metadata = state.Metadata!;
        CommitInfo = commitInfo;
        Schema = schema;
        ColumnMapping = columnMapping;
        Columns = schema.Fields.Select(f => new DeltaColumn(f.Name, f.Type.TypeText, f.Nullable, f.Type, columnMapping == ColumnMappingMode.None ? f.Name : f.PhysicalName)).ToList();
        Files = state.Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    public long Version { get; }

    /// <summary>Where the table is, for messages.</summary>
    public string TableLocation => _engine.TableLocation;

    public ProtocolAction Protocol { get; }

    public MetadataAction Metadata { get; }

    /// <summary>The commitInfo of the commit that made this version; null when absent (or only a checkpoint remains).</summary>
    public CommitInfo? CommitInfo { get; }

    public DeltaStructType Schema { get; }

    /// <summary>The top-level columns with their logical names, in schema order.</summary>
    public IReadOnlyList<DeltaColumn> Columns { get; }

    public ColumnMappingMode ColumnMapping { get; }

    public IReadOnlyList<string> PartitionColumns => Metadata.PartitionColumns;

    /// <summary>The live logical files, ordered by path.</summary>
    public IReadOnlyList<AddFile> Files { get; }

    /// <summary>Tombstones still in the state (removed files not yet expired).</summary>
    public IReadOnlyCollection<RemoveFile> Tombstones => _state.Tombstones;

    /// <summary>The latest txn action of each application id.</summary>
    public IReadOnlyDictionary<string, TxnAction> AppTransactions => _state.Transactions;

    /// <summary>The reconciled state, for writers that build the next version from this one.</summary>
    internal TableState State => _state;

    internal IDeltaEngine Engine => _engine;

    /// <summary>
    /// The object path, relative to the table root, of a file's path as the log holds it
    /// (<see cref="AddFile.Path"/>): relative, or absolute inside the table's folder. A file
    /// elsewhere is refused here, naming its path, when a reader needs it, never while the log is
    /// replayed.
    /// </summary>
    public string ObjectPathOf(string logPath)
    {
        ArgumentNullException.ThrowIfNull(logPath);
        return _engine.Paths.Resolve(logPath);
    }

    /// <summary>The version the table records for <paramref name="appId"/>'s transactions, or null if none.</summary>
    public long? GetAppTransactionVersion(string appId) =>
        _state.Transactions.TryGetValue(appId, out var txn) ? txn.Version : null;

    /// <summary>The statistics of each live file, ordered by path; null counts keyed by logical column name.</summary>
    public IReadOnlyList<FileStatistics> GetFileStatistics()
    {
        var logicalByPhysical = Columns.ToDictionary(c => c.PhysicalName, c => c.Name, StringComparer.Ordinal);
        return Files.Select(file =>
        {
            var parsed = StatsJsonReader.Parse(file.Stats);
            var nullCounts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (physical, count) in parsed.NullCountsByPhysicalName)
            {
                if (logicalByPhysical.TryGetValue(physical, out var logical))
                {
                    nullCounts[logical] = count;
                }
            }

            return new FileStatistics(file.Path, parsed.NumRecords, file.DeletionVector?.Cardinality ?? 0, nullCounts, parsed.TightBounds);
        }).ToList();
    }

    /// <summary>
    /// The number of rows in this version: per live file, stats.numRecords minus the rows its
    /// deletion vector deletes; files without numRecords are counted from their Parquet footer.
    /// </summary>
    public async Task<long> CountRowsAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        var withoutStats = new List<AddFile>();
        foreach (var file in Files)
        {
            var numRecords = StatsJsonReader.Parse(file.Stats).NumRecords;
            if (numRecords is { } records)
            {
                total += records - (file.DeletionVector?.Cardinality ?? 0);
            }
            else
            {
                withoutStats.Add(file);
            }
        }

        await Parallel.ForEachAsync(
            withoutStats,
            new ParallelOptions { MaxDegreeOfParallelism = FooterReadParallelism, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                var rows = (await _engine.ReadParquetFooterAsync(ObjectPathOf(file.Path), ct)).RowCount;
                Interlocked.Add(ref total, rows - (file.DeletionVector?.Cardinality ?? 0));
            });
        return total;
    }

    internal static Snapshot Create(IDeltaEngine engine, LogSegment segment, TableState state, CommitInfo? commitInfo)
    {
        var version = segment.Version;
        if (state.Protocol is null)
        {
            throw new DeltaException(DeltaErrorKind.CorruptLog, $"the Delta log of {engine.TableLocation} has no protocol action at version {version} (replayed {segment.Describe()})");
        }

        if (state.Metadata is null)
        {
            throw new DeltaException(DeltaErrorKind.CorruptLog, $"the Delta log of {engine.TableLocation} has no metaData action at version {version} (replayed {segment.Describe()})");
        }

        ProtocolCheck.EnsureReadable(state.Protocol, engine.TableLocation);
        if (state.Metadata.SchemaString is null)
        {
            throw new DeltaException(DeltaErrorKind.CorruptLog, $"the metaData of the Delta table {engine.TableLocation} at version {version} has no schemaString");
        }

        var schema = DeltaSchemaJson.Parse(state.Metadata.SchemaString);
        var mapping = ProtocolCheck.ColumnMappingOf(state.Protocol, state.Metadata, engine.TableLocation);
        return new Snapshot(engine, version, state, commitInfo, schema, mapping);
    }
}
