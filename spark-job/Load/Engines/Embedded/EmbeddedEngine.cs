using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Protocol;
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

    public bool ReportsRows => true;

    public string Table => tableRoot.Root.ToString()!;

    public async Task<LoadOutcome> LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var manifest = request.Export.Manifest;
        await EnsureDeltaOrEmptyAsync(cancellationToken);
        var transaction = await _table.StartTransactionAsync(cancellationToken);
        var read = transaction.ReadSnapshot;
        var appId = LoadTransactions.AppIdFor(request.Mode, request.Stream, manifest.ExportId);
        var txnVersion = LoadTransactions.VersionOf(manifest);
        if (read?.GetAppTransactionVersion(appId) is { } loaded && loaded >= txnVersion)
        {
            return await SkipAsync(manifest, request, loaded, read, cancellationToken);
        }

        // Everything that can refuse the load is checked before a byte is copied into the table.
        if (read is not null)
        {
            EnsureWritable(read, request.Mode, manifest);
        }

        var importer = new DataFileImporter(request.Export.Folder, tableRoot, _table, manifest, TableFileLayout.NewLoadId(DateTimeOffset.UtcNow), request.Rows);
        var imported = new ImportedFile?[manifest.Files.Count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, manifest.Files.Count),
                new ParallelOptions { MaxDegreeOfParallelism = ImportParallelism, CancellationToken = cancellationToken },
                async (i, ct) => imported[i] = await importer.ImportAsync(manifest.Files[i], ct));
        }
        catch
        {
            await DeleteAsync(imported);
            throw;
        }

        transaction.Mode = request.Mode;
        transaction.Schema = manifest.Schema;
        transaction.OverwriteSchema = request.Mode == DeltaWriteMode.Overwrite;
        transaction.UserMetadata = manifest.ExportId;
        transaction.SetAppTransaction(appId, txnVersion);
        foreach (var file in imported)
        {
            transaction.AddFile(file!.DataFile);
        }

        var checksums = imported.ToDictionary(f => f!.SourcePath, f => f!.Checksum, StringComparer.Ordinal);
        try
        {
            var result = await transaction.CommitAsync(cancellationToken);
            var copied = imported.Count(f => f!.Copied);
            // The commit is durable either way; a checkpoint the table asks for but did not get is worth saying.
            var checkpoint = result.CheckpointError is { } why ? $"; no checkpoint written at version {result.Version}: {why}" : string.Empty;
            return new LoadOutcome(false, $"loaded export {manifest.ExportId} into {Table} at version {result.Version} ({request.Mode.ToString().ToLowerInvariant()}; data files: {copied} copied as they are, {imported.Length - copied} converted to Parquet){checkpoint}", result.Version, read?.Version)
            {
                Checksums = checksums,
            };
        }
        catch (DeltaTransactionAlreadyCommittedException raced)
        {
            // Another load of this export (or, in overwrite, of a newer one) committed first.
            await DeleteAsync(imported);
            var now = await _table.LoadSnapshotAsync(raced.TableVersion, cancellationToken);
            return await SkipAsync(manifest, request, raced.CommittedVersion, now, cancellationToken);
        }
        catch (DeltaException refused) when (refused.InnerException is not StorageException)
        {
            // The commit was refused before any log entry of ours was written: nothing references these files.
            await DeleteAsync(imported);
            throw;
        }
    }

    public async Task<EngineFacts> DescribeAsync(ExportManifest manifest, long? version, CancellationToken cancellationToken)
    {
        var snapshot = await _table.LoadSnapshotAsync(version, cancellationToken);
        var statistics = snapshot.GetFileStatistics();
        var manifestPaths = manifest.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var prefix = manifest.ExportId + "/";
        var rowsBySource = new Dictionary<string, long>(StringComparer.Ordinal);
        long exportRows = 0;
        var exportRowsKnown = true;
        foreach (var file in statistics)
        {
            if (TableFileLayout.ManifestPathOf(snapshot.ObjectPathOf(file.Path), manifest, manifestPaths) is not { } source)
            {
                continue;
            }

            if (file.LiveRecords is { } rows)
            {
                rowsBySource[source] = rows;
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
            DataFileProblems = await LiveFileProblemsAsync(snapshot, cancellationToken),
            ExportsInTable = ExportsIn(snapshot),
        };
        return new EngineFacts(facts, rowsBySource);
    }

    /// <summary>
    /// Every live data file of the snapshot that storage does not hold with the size its add
    /// action records, as "path (missing)" or "path (N bytes, the log says M)"; one listing of the
    /// table folder rather than a request per file.
    /// </summary>
    private async Task<IReadOnlyList<string>> LiveFileProblemsAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var item in tableRoot.ListAsync(string.Empty, cancellationToken))
        {
            stored[item.Path] = item.Size;
        }

        var problems = new List<string>();
        foreach (var file in snapshot.Files)
        {
            var path = snapshot.ObjectPathOf(file.Path);
            if (!stored.TryGetValue(path, out var size))
            {
                problems.Add($"{path} (missing)");
            }
            else if (size != file.Size)
            {
                problems.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path} ({size} bytes, the log says {file.Size})"));
            }
        }

        return problems;
    }

    public async Task<StreamRecord> ReadStreamAsync(string stream, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (!await _table.ExistsAsync(cancellationToken))
        {
            return StreamRecord.Nothing;
        }

        var snapshot = await _table.LoadSnapshotAsync(null, cancellationToken);
        var appended = StreamLoads.Appended(snapshot, stream).Select(e => e.ExportId!).ToHashSet(StringComparer.Ordinal);
        long? overwrite = snapshot.GetAppTransactionVersion(stream) is { } version and >= 0 ? version : null;
        var last = await StreamLoads.LastLoadedAsync(_table, snapshot, stream, cancellationToken);
        var overwriteId = last is not null && overwrite == LoadTransactions.VersionOf(last.CreatedAt) ? last.ExportId : null;
        return new StreamRecord(appended, overwrite, overwriteId, last?.ExportId, last?.CreatedAt);
    }
    /// <summary>The exports whose files are live in the snapshot (the first folder of each data file's path), most recently added first.</summary>
    private static List<string> ExportsIn(Snapshot snapshot) => snapshot.Files
        .OrderByDescending(f => f.ModificationTime)
        .Select(f => FilePaths.ToObjectPath(f.Path))
        .Where(p => p.Contains('/', StringComparison.Ordinal))
        .Select(p => p[..p.IndexOf('/', StringComparison.Ordinal)])
        .Distinct(StringComparer.Ordinal)
        .ToList();

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

    private async Task<LoadOutcome> SkipAsync(ExportManifest manifest, LoadRequest request, long loadedTxnVersion, Snapshot snapshot, CancellationToken cancellationToken)
    {
        string why;
        if (loadedTxnVersion == LoadTransactions.VersionOf(manifest))
        {
            why = request.Mode == DeltaWriteMode.Append
                ? $"was already appended by stream '{request.Stream}'"
                : $"was already loaded by stream '{request.Stream}'";
        }
        else
        {
            // Only an overwrite compares exports: newer wins. Name the one that did.
            var winner = await StreamLoads.LastLoadedAsync(_table, snapshot, request.Stream, cancellationToken);
            var loadedAt = DateTimeOffset.FromUnixTimeMilliseconds(loadedTxnVersion).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            var name = winner?.ExportId is { } id ? $"export {id} (created at {loadedAt})" : $"the export created at {loadedAt}";
            why = $"(created at {manifest.CreatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}) is older than {name}, which stream '{request.Stream}' already loaded; the newer export wins an overwrite";
        }

        return new LoadOutcome(true, $"skipped: export {manifest.ExportId} {why}; nothing committed to {Table} (version {snapshot.Version})", snapshot.Version, snapshot.Version);
    }

    /// <summary>
    /// The checks that refuse a load into an existing table, run before any data file is copied
    /// or converted, so that a refused load leaves the table folder exactly as it was: the protocol
    /// and writer features, an append-only table for an overwrite, and for an append the schema
    /// and an export already live.
    /// </summary>
    private void EnsureWritable(Snapshot read, DeltaWriteMode mode, ExportManifest manifest)
    {
        ProtocolCheck.EnsureWritable(read.Protocol, read.Metadata, read.Schema, Table);
        if (mode == DeltaWriteMode.Overwrite)
        {
            if (read.Files.Count > 0 && ProtocolCheck.IsAppendOnly(read.Metadata))
            {
                throw new DeltaException(DeltaErrorKind.InvalidTransaction, $"cannot overwrite the Delta table {Table}: it is append-only (delta.appendOnly=true)");
            }

            return;
        }

        SchemaCompatibility.EnsureAppendable(read.Columns, manifest.Schema, Table);
        EnsureNotLive(read, manifest.ExportId);
    }

    /// <summary>Removes the data files a load wrote but did not commit; best effort, as a crash would leave them too.</summary>
    private async Task DeleteAsync(IEnumerable<ImportedFile?> files)
    {
        foreach (var file in files.OfType<ImportedFile>())
        {
            try
            {
                await tableRoot.DeleteAsync(file.DataFile.Path, CancellationToken.None);
            }
            catch (StorageException)
            {
                // Unreferenced by any commit: harmless, and VACUUM removes such files.
            }
        }
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

        // Data files of a load racing to create the table (or of one that died before its first
        // commit: <export-id>/<load-id>/<name>.parquet) are expected; anything else means the
        // folder belongs to something that is not a Delta table, whether or not it has an empty
        // _delta_log/ folder (which holds no commit, so it makes no table).
        await foreach (var item in tableRoot.ListAsync(string.Empty, cancellationToken))
        {
            if (!TableFileLayout.IsLoadDataFile(item.Path))
            {
                // A load racing to create the table may have committed its first version since we looked.
                if (await _table.ExistsAsync(cancellationToken))
                {
                    return;
                }

                throw new DeltaException(DeltaErrorKind.NotADeltaTable, $"{Table} holds files (such as {item.Path}) but is not a Delta table: _delta_log/ is missing or holds no commit or checkpoint; refusing to write into it");
            }
        }
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
