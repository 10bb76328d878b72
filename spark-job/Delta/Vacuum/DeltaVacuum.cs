using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// VACUUM on our Delta code, with Delta's semantics (delta-io/delta VacuumCommand.gc): delete
/// the files under the table that no version inside the retention window references, which are
/// the files removed longer ago than the window (a tombstone expires once its deletionTimestamp
/// is older than the window, PROTOCOL.md "Add File and Remove File") and files never committed
/// (left by stopped writers) whose last change is older than the window. Live files, unexpired
/// tombstones and their deletion vectors are kept; hidden paths, <c>_delta_log/</c> first of all,
/// are never touched (<see cref="TablePaths"/>).
/// </summary>
/// <remarks>
/// The table's files are listed before the log is read for the last time, so a file committed
/// while vacuum runs is found in the log and kept. Deletes are independent: a vacuum stopped
/// half-way leaves a table that reads as before, and running it again finishes the work.
/// </remarks>
public static class DeltaVacuum
{
    private const string IcebergFormatsKey = "delta.universalFormat.enabledFormats";
    private const int DeleteParallelism = 8;

    public static async Task<VacuumResult> RunAsync(IObjectStore tableRoot, VacuumOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tableRoot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var engine = new ObjectStoreDeltaEngine(tableRoot);
        var table = engine.TableLocation;
        var startedAt = clock.GetUtcNow();

        var current = await DeltaLog.LoadSnapshotAsync(engine, null, cancellationToken);
        VacuumProtocol.EnsureVacuumable(current.Protocol, table);
        var window = VacuumWindow.Choose(RetentionDuration.Of(current.Metadata, table), options, table);
        var deleteBefore = startedAt - window;

        var listed = await ListAsync(tableRoot, cancellationToken);
        var snapshot = await DeltaLog.LoadSnapshotAsync(engine, null, cancellationToken);
        VacuumProtocol.EnsureVacuumable(snapshot.Protocol, table);
        var paths = new TablePaths(snapshot.PartitionColumns, UsesIcebergMetadata(snapshot.Metadata));
        var referenced = ReferencedFiles(snapshot, deleteBefore, table);
        var folders = new LocalTableFolders(tableRoot);
        var doomed = listed
            .Where(f => !paths.IsHidden(f.Path) && !referenced.Contains(f.Path) && folders.ArrivedAt(f) is { } arrived && arrived < deleteBefore)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

        var directories = 0;
        if (!options.DryRun)
        {
            await Parallel.ForEachAsync(
                doomed,
                new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken },
                async (file, ct) => await tableRoot.DeleteAsync(file.Path, ct));
            var emptied = doomed.Select(f => f.Path.Contains('/', StringComparison.Ordinal) ? f.Path[..f.Path.LastIndexOf('/')] : string.Empty)
                .Where(f => f.Length > 0)
                .ToHashSet(StringComparer.Ordinal);
            directories = folders.RemoveEmptyFolders(paths, emptied, deleteBefore);
        }

        return new VacuumResult(options.DryRun, window.TotalHours, deleteBefore, doomed.Count, doomed.Sum(f => f.Size), doomed.Select(f => f.Path).ToList(), directories);
    }

    private static async Task<List<StoredObject>> ListAsync(IObjectStore tableRoot, CancellationToken cancellationToken)
    {
        var files = new List<StoredObject>();
        await foreach (var file in tableRoot.ListAsync(string.Empty, cancellationToken))
        {
            files.Add(file);
        }

        return files;
    }

    /// <summary>The object paths a version inside the window may read: live files, tombstones newer than the window, and their deletion vectors.</summary>
    private static HashSet<string> ReferencedFiles(Snapshot snapshot, DateTimeOffset deleteBefore, string table)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        void Keep(string logPath, DeletionVectorDescriptor? deletionVector)
        {
            referenced.Add(RelativePath(logPath, table));
            if (deletionVector is not null && DeletionVectorFiles.RelativePath(deletionVector, table) is { } vector)
            {
                referenced.Add(vector);
            }
        }

        foreach (var add in snapshot.Files)
        {
            Keep(add.Path, add.DeletionVector);
        }

        // Delta: a tombstone without a deletionTimestamp counts as deleted at time 0.
        var cutoff = deleteBefore.ToUnixTimeMilliseconds();
        foreach (var remove in snapshot.Tombstones.Where(r => (r.DeletionTimestamp ?? 0) >= cutoff))
        {
            Keep(remove.Path, remove.DeletionVector);
        }

        return referenced;
    }

    private static string RelativePath(string logPath, string table)
    {
        try
        {
            return FilePaths.ToObjectPath(logPath);
        }
        catch (DeltaException error) when (error.Kind == DeltaErrorKind.UnreadableFile)
        {
            // An absolute path may point inside the table folder; vacuum cannot tell which file it
            // keeps alive, and deleting it would break the table.
            throw new DeltaException(DeltaErrorKind.UnsupportedFeature, $"refusing to vacuum {table}: its log refers to the absolute path '{logPath}' (a shallow clone or a converted table?), and this vacuum keeps files by their path relative to the table. Nothing was deleted", error);
        }
    }

    private static bool UsesIcebergMetadata(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue(IcebergFormatsKey, out var formats) && formats?.Contains("iceberg", StringComparison.OrdinalIgnoreCase) == true;
}
