using System.Diagnostics;
using Handoff.Exporter.Sources;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Exports.Listing;
using Handoff.Shared.Progress;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Export;

/// <summary>
/// Runs one export: query → encoded files → manifest → optional .DONE. The manifest is the
/// commit point and is written create-new, so a committed export id is never overwritten and a
/// failure before it leaves no manifest. One run at a time holds an export id (a lock object that
/// a dead run releases by itself: see <see cref="IStorageLock"/>); objects under an uncommitted
/// export folder are then leftovers of a failed attempt, removed before the new attempt writes
/// its files. <paramref name="notice"/> gets one-line notices for the user, such as a stale lock
/// taken over.
/// </summary>
public sealed class ExportPipeline(IObjectStore exportFolder, TimeProvider clock, Action<string>? notice = null)
{
    public const string ManifestName = ManifestJson.FileName;
    public const string SuccessFileName = ManifestJson.SuccessFileName;
    public const string LockName = ExportFolders.LockName;

    public async Task<ExportResult> RunAsync(
        IQuerySource source,
        string query,
        ExportOptions options,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var startedAt = clock.GetUtcNow();
        await exportFolder.EnsureContainerAsync(options.CreateContainer, cancellationToken);
        var exportLock = await AcquireLockAsync(startedAt, cancellationToken);
        var attempt = new Attempt();
        try
        {
            using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, exportLock.Lost);
            try
            {
                await RefuseCommittedAsync(options, running.Token);
                attempt.Owned = true;
                await RemoveLeftoversAsync(running.Token);
                return await ExportAsync(source, query, options, startedAt, stopwatch, progress, exportLock, attempt, running.Token);
            }
            catch (OperationCanceledException) when (exportLock.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await exportLock.EnsureHeldAsync(CancellationToken.None); // throws the storage error that says the lock was lost
                throw;
            }
        }
        catch (Exception error) when (attempt.Owned && !attempt.Committed)
        {
            var outcome = await CleanUpAsync(exportLock);
            if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw new WorkCancelledException($"nothing was committed; {outcome}", error);
            }

            notice?.Invoke(outcome);
            throw;
        }
        finally
        {
            await exportLock.DisposeAsync();
            if (attempt.Owned && !attempt.Committed)
            {
                await RemoveFolderAsync();
            }
        }
    }

    /// <summary>
    /// After a failed or cancelled attempt that holds the export id: its files are removed (they
    /// would be the next attempt's leftovers), unless the lock was lost and another run may own them now.
    /// </summary>
    private async Task<string> CleanUpAsync(IStorageLock exportLock)
    {
        if (exportLock.Lost.IsCancellationRequested)
        {
            return $"the files written so far are left in {exportFolder.Root} (the export's lock was lost; the next run of this export id removes them)";
        }

        try
        {
            await RemoveLeftoversAsync(CancellationToken.None);
            return $"the unfinished export {exportFolder.Root} was removed";
        }
        catch (StorageException problem)
        {
            return $"the files written so far are left in {exportFolder.Root} ({problem.Message}); the next run of this export id removes them";
        }
    }

    private async Task RemoveFolderAsync()
    {
        try
        {
            await exportFolder.RemoveRootIfEmptyAsync(CancellationToken.None);
        }
        catch (StorageException)
        {
            // An empty folder left behind is harmless; the error that stopped the export matters.
        }
    }

    /// <summary>What this run did to the export folder: whether it owns it (no manifest was there), and whether it committed.</summary>
    private sealed class Attempt
    {
        public bool Owned { get; set; }

        public bool Committed { get; set; }
    }

    private async Task<ExportResult> ExportAsync(
        IQuerySource source,
        string query,
        ExportOptions options,
        DateTimeOffset startedAt,
        Stopwatch stopwatch,
        IProgress<ExportProgress>? progress,
        IStorageLock exportLock,
        Attempt attempt,
        CancellationToken cancellationToken)
    {
        await using var result = await source.ExecuteAsync(query, cancellationToken);
        var files = await WriteFilesAsync(result, options, startedAt, stopwatch, progress, cancellationToken);

        var manifest = new ExportManifest
        {
            ManifestVersion = ExportManifest.CurrentVersion,
            ExportId = options.ExportId,
            CreatedAt = startedAt,
            Source = ManifestSource.For(source.Kind, query),
            Format = options.Format,
            Schema = result.Schema,
            RowCount = files.Sum(f => f.Rows),
            Files = files,
        };

        // Renewed just now, the lock is ours for a whole lease period: no other run can have
        // taken the export id over and removed these files as leftovers before the manifest lands.
        await exportLock.EnsureHeldAsync(cancellationToken);
        if (!await exportFolder.PutIfAbsentAsync(ManifestName, ManifestJson.Serialize(manifest), cancellationToken))
        {
            // Not ours: another run committed this export id; its files must stay.
            attempt.Owned = false;
            throw new ExportAlreadyCommittedException(ManifestLocation);
        }

        attempt.Committed = true;

        if (options.SuccessFile)
        {
            await exportFolder.PutIfAbsentAsync(SuccessFileName, ReadOnlyMemory<byte>.Empty, cancellationToken);
        }

        return new ExportResult(manifest, ManifestLocation, stopwatch.Elapsed);
    }

    private string ManifestLocation => exportFolder.Root.Combine(ManifestName).ToString();

    private async Task<IStorageLock> AcquireLockAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        IStorageLock acquired;
        try
        {
            acquired = await exportFolder.AcquireLockAsync(LockName, LockHolder.ForThisProcess(startedAt), cancellationToken);
        }
        catch (ObjectLockedException locked)
        {
            throw new ExportInProgressException(exportFolder.Root.Combine(LockName).ToString(), locked.Holder);
        }

        if (acquired.TookOver is { } stale)
        {
            notice?.Invoke($"took over the stale lock {exportFolder.Root.Combine(LockName)} left by a run that is gone ({stale}); its leftover files are removed");
        }

        return acquired;
    }

    private async Task RefuseCommittedAsync(ExportOptions options, CancellationToken cancellationToken)
    {
        if (await exportFolder.GetAsync(ManifestName, cancellationToken) is null)
        {
            return;
        }

        // A run that died between its manifest and its .DONE left consumers waiting for the
        // marker: the export is complete, so give them the marker now.
        if (options.SuccessFile && await exportFolder.PutIfAbsentAsync(SuccessFileName, ReadOnlyMemory<byte>.Empty, cancellationToken))
        {
            throw new ExportAlreadyCommittedException(ManifestLocation, $"; its missing {SuccessFileName} marker was written now");
        }

        throw new ExportAlreadyCommittedException(ManifestLocation);
    }

    private async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var leftovers = new List<string>();
        await foreach (var item in exportFolder.ListAsync(string.Empty, cancellationToken))
        {
            if (item.Path != LockName)
            {
                leftovers.Add(item.Path);
            }
        }

        foreach (var path in leftovers)
        {
            await exportFolder.DeleteAsync(path, cancellationToken);
        }

        // A run killed mid-upload also left its hidden temp files, which listings never show.
        await exportFolder.RemoveAbandonedUploadsAsync(string.Empty, cancellationToken);
    }

    private async Task<List<ManifestFile>> WriteFilesAsync(
        IQueryResult result,
        ExportOptions options,
        DateTimeOffset startedAt,
        Stopwatch stopwatch,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var files = new List<ManifestFile>();
        long totalRows = 0;
        long bytesOfCommittedFiles = 0;
        OpenFile? current = null;
        await using var pump = new BatchPump(result.Schema, result.ReadAsync, options.BatchRows, depth: 3, cancellationToken);
        try
        {
            await foreach (var batch in pump.ReadAllAsync(cancellationToken))
            {
                while (batch.Count > 0)
                {
                    current ??= await OpenFile.StartAsync(exportFolder, NameOf(files.Count), options.Format, result.Schema, cancellationToken);
                    var take = (int)Math.Min(batch.Count, options.Split.RowsLeft(current.Rows));
                    await current.WriteFrontAsync(batch, take, cancellationToken);
                    totalRows += take;
                    if (options.Split.IsFull(current.Rows, current.Bytes))
                    {
                        files.Add(await current.CommitAsync(cancellationToken));
                        bytesOfCommittedFiles += files[^1].Bytes;
                        await current.DisposeAsync();
                        current = null;
                    }
                }

                pump.Return(batch);
                progress?.Report(new ExportProgress(totalRows, bytesOfCommittedFiles + (current?.Bytes ?? 0), files.Count, stopwatch.Elapsed));
            }

            await pump.CompletionAsync();

            // An empty result still gets one file, so the schema travels with the data too.
            if (current is not null || files.Count == 0)
            {
                current ??= await OpenFile.StartAsync(exportFolder, NameOf(files.Count), options.Format, result.Schema, cancellationToken);
                files.Add(await current.CommitAsync(cancellationToken));
            }

            return files;
        }
        finally
        {
            if (current is not null)
            {
                await current.DisposeAsync();
            }
        }

        string NameOf(int fileNumber) => options.FileNames.Render(options.ExportId, startedAt, fileNumber, options.Format.Extension);
    }
}
