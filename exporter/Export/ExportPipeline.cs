using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Handoff.Exporter.Sources;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Manifest.Exports;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Export;

/// <summary>
/// Runs one export: query → encoded files → manifest → optional .DONE. The manifest is the
/// commit point and is written create-new, so a committed export id is never overwritten and a
/// failure before it leaves no manifest. One run at a time holds an export id (a lock object
/// written create-new); objects under an uncommitted export folder are then leftovers of a failed
/// attempt, removed before the new attempt writes its files.
/// </summary>
public sealed class ExportPipeline(IObjectStore exportFolder, TimeProvider clock)
{
    public const string ManifestName = ManifestJson.FileName;
    public const string SuccessFileName = ManifestJson.SuccessFileName;
    public const string LockName = ExportFolders.LockName;

    /// <summary>A lock older than this was left by a run that died; a new run takes it over.</summary>
    public static readonly TimeSpan StaleLockAge = TimeSpan.FromHours(6);

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
        await AcquireLockAsync(startedAt, cancellationToken);
        try
        {
            await RefuseCommittedAsync(options, cancellationToken);
            await RemoveLeftoversAsync(cancellationToken);
            return await ExportAsync(source, query, options, startedAt, stopwatch, progress, cancellationToken);
        }
        finally
        {
            await exportFolder.DeleteAsync(LockName, CancellationToken.None);
        }
    }

    private async Task<ExportResult> ExportAsync(
        IQuerySource source,
        string query,
        ExportOptions options,
        DateTimeOffset startedAt,
        Stopwatch stopwatch,
        IProgress<ExportProgress>? progress,
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
        if (!await exportFolder.PutIfAbsentAsync(ManifestName, ManifestJson.Serialize(manifest), cancellationToken))
        {
            throw new ExportAlreadyCommittedException(ManifestLocation);
        }

        if (options.SuccessFile)
        {
            await exportFolder.PutIfAbsentAsync(SuccessFileName, ReadOnlyMemory<byte>.Empty, cancellationToken);
        }

        return new ExportResult(manifest, ManifestLocation, stopwatch.Elapsed);
    }

    private string ManifestLocation => exportFolder.Root.Combine(ManifestName).ToString();

    private async Task AcquireLockAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var holder = LockHolder(startedAt);
        if (await exportFolder.PutIfAbsentAsync(LockName, holder, cancellationToken))
        {
            return;
        }

        var existing = await exportFolder.GetAsync(LockName, cancellationToken);
        if (existing?.LastModified is { } since && clock.GetUtcNow() - since < StaleLockAge)
        {
            throw new ExportInProgressException(exportFolder.Root.Combine(LockName).ToString(), since);
        }

        // Left by a run that died (or gone meanwhile): take it over.
        await exportFolder.DeleteAsync(LockName, cancellationToken);
        if (!await exportFolder.PutIfAbsentAsync(LockName, holder, cancellationToken))
        {
            throw new ExportInProgressException(exportFolder.Root.Combine(LockName).ToString(), clock.GetUtcNow());
        }
    }

    /// <summary>
    /// Who holds the lock, for a person looking at a stuck export. Written with a Utf8JsonWriter:
    /// the reflection serializer's first use costs tens of milliseconds of every export's start.
    /// </summary>
    private static byte[] LockHolder(DateTimeOffset startedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("startedAt", startedAt);
            json.WriteString("host", Environment.MachineName);
            json.WriteNumber("pid", Environment.ProcessId);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
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
