using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>
/// The pure .NET engine: writes a real Delta table (our own log code) to a local folder or Blob
/// Storage, with no cluster. Data files land under <c>&lt;exportId&gt;/</c> in the table folder.
/// </summary>
public sealed class EmbeddedEngine(IObjectStore tableRoot, DeltaTransactionOptions? options = null) : ITableEngine
{
    private const int ImportParallelism = 2;
    private readonly DeltaTable _table = new(tableRoot, options);

    public string Name => "embedded";

    public string Table => tableRoot.Root.ToString()!;

    public async Task<LoadOutcome> LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var manifest = request.Export.Manifest;
        await EnsureDeltaOrEmptyAsync(cancellationToken);
        var transaction = await _table.StartTransactionAsync(cancellationToken);
        var read = transaction.ReadSnapshot;
        var txnVersion = manifest.CreatedAt.ToUnixTimeMilliseconds();
        if (read?.GetAppTransactionVersion(request.Stream) is { } loaded && loaded >= txnVersion)
        {
            return Skip(manifest, request.Stream, loaded, read.Version);
        }

        if (read is not null && request.Mode == DeltaWriteMode.Append)
        {
            SchemaCompatibility.EnsureAppendable(read.Columns, manifest.Schema, Table);
            EnsureNotLive(read, manifest.ExportId);
        }

        var importer = new DataFileImporter(request.Export.Folder, tableRoot, _table, manifest);
        var imported = new ImportedFile[manifest.Files.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, manifest.Files.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ImportParallelism, CancellationToken = cancellationToken },
            async (i, ct) => imported[i] = await importer.ImportAsync(manifest.Files[i], ct));

        transaction.Mode = request.Mode;
        transaction.Schema = manifest.Schema;
        transaction.OverwriteSchema = request.Mode == DeltaWriteMode.Overwrite;
        transaction.UserMetadata = manifest.ExportId;
        transaction.SetAppTransaction(request.Stream, txnVersion);
        foreach (var file in imported)
        {
            transaction.AddFile(file.DataFile);
        }

        try
        {
            var result = await transaction.CommitAsync(cancellationToken);
            var copied = imported.Count(f => f.Copied);
            return new LoadOutcome(false, $"loaded export {manifest.ExportId} into {Table} at version {result.Version} ({request.Mode.ToString().ToLowerInvariant()}; data files: {copied} copied as they are, {imported.Length - copied} converted to Parquet)", result.Version, read?.Version);
        }
        catch (DeltaTransactionAlreadyCommittedException raced)
        {
            return Skip(manifest, request.Stream, raced.CommittedVersion, raced.TableVersion);
        }
    }

    public async Task<EngineFacts> DescribeAsync(ExportManifest manifest, long? version, CancellationToken cancellationToken)
    {
        var snapshot = await _table.LoadSnapshotAsync(version, cancellationToken);
        var statistics = snapshot.GetFileStatistics();
        var prefix = manifest.ExportId + "/";
        var suffix = manifest.Format.Type == FileFormat.Parquet ? string.Empty : ".parquet";
        var rowsBySource = new Dictionary<string, long>(StringComparer.Ordinal);
        long exportRows = 0;
        var exportRowsKnown = true;
        foreach (var file in statistics)
        {
            var path = snapshot.ObjectPathOf(file.Path);
            if (!path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            if (file.LiveRecords is { } rows)
            {
                rowsBySource[path[prefix.Length..^suffix.Length]] = rows;
                exportRows += rows;
            }
            else
            {
                exportRowsKnown = false;
            }
        }

        var onlyThisExport = snapshot.Files.All(f => snapshot.ObjectPathOf(f.Path).StartsWith(prefix, StringComparison.Ordinal));
        var facts = new TableFacts
        {
            Table = Table,
            Columns = snapshot.Columns.Select(c => new TableColumnFact(c.Name, c.TypeText, c.Nullable)).ToList(),
            TableRowCount = await snapshot.CountRowsAsync(cancellationToken),
            RowsAddedByCommit = exportRowsKnown ? exportRows : null,
            NullCounts = SumNullCounts(statistics, snapshot.Columns.Select(c => c.Name)),
            Version = snapshot.Version,
            Mode = onlyThisExport ? TableFacts.Overwrite : TableFacts.Append,
        };
        return new EngineFacts(facts, rowsBySource);
    }

    public async Task<long> RollbackAsync(long? version, string reason, CancellationToken cancellationToken)
    {
        if (version is { } previous)
        {
            return (await _table.RestoreAsync(previous, reason, cancellationToken)).Version;
        }

        // The failed load created the table: "before" is an empty table with the same schema, in
        // which the export is not recorded as loaded.
        return (await _table.RestoreToEmptyAsync(reason, cancellationToken)).Version;
    }

    private LoadOutcome Skip(ExportManifest manifest, string stream, long loadedTxnVersion, long tableVersion)
    {
        var loadedAt = DateTimeOffset.FromUnixTimeMilliseconds(loadedTxnVersion).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var why = loadedTxnVersion == manifest.CreatedAt.ToUnixTimeMilliseconds() ? "was already loaded" : $"is older than the export created at {loadedAt}, which stream '{stream}' already loaded";
        return new LoadOutcome(true, $"skipped: export {manifest.ExportId} {why}; nothing committed to {Table} (version {tableVersion})", tableVersion, tableVersion);
    }

    /// <summary>
    /// An export's files live under its id in the table, so appending an export that is already
    /// live (under another --stream) would duplicate its rows: refuse instead.
    /// </summary>
    private void EnsureNotLive(Snapshot read, string exportId)
    {
        var prefix = exportId + "/";
        if (read.Files.Any(f => read.ObjectPathOf(f.Path).StartsWith(prefix, StringComparison.Ordinal)))
        {
            throw new DeltaException(DeltaErrorKind.InvalidTransaction, $"export {exportId} is already in {Table} (version {read.Version}); appending it again would duplicate its rows");
        }
    }

    private async Task EnsureDeltaOrEmptyAsync(CancellationToken cancellationToken)
    {
        if (await _table.ExistsAsync(cancellationToken))
        {
            return;
        }

        // Data files of a load racing to create the table (ours: <export-id>/<name>.parquet) are
        // expected; anything else means the folder belongs to something that is not a Delta table.
        await foreach (var item in tableRoot.ListAsync(string.Empty, cancellationToken))
        {
            if (!IsDataFileLayout(item.Path))
            {
                // A load racing to create the table may have committed its first version since we looked.
                if (await _table.ExistsAsync(cancellationToken))
                {
                    return;
                }

                throw new DeltaException(DeltaErrorKind.NotADeltaTable, $"{Table} holds files (such as {item.Path}) but is not a Delta table: there is no _delta_log/; refusing to write into it");
            }
        }
    }

    private static bool IsDataFileLayout(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && ExportIdRules.Problem(path[..slash]) is null
            && path.IndexOf('/', slash + 1) < 0
            && path.EndsWith(".parquet", StringComparison.Ordinal);
    }

    private static Dictionary<string, long>? SumNullCounts(IReadOnlyList<Delta.Stats.FileStatistics> files, IEnumerable<string> columns)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            long sum = 0;
            var known = true;
            foreach (var file in files)
            {
                // A deletion vector hides rows whose nulls the stats still count: unknown, not wrong.
                if (file.DeletedRecords == 0 && file.NullCounts.TryGetValue(column, out var count))
                {
                    sum += count;
                }
                else
                {
                    known = false;
                    break;
                }
            }

            if (known)
            {
                sums[column] = sum;
            }
        }

        return sums;
    }
}
