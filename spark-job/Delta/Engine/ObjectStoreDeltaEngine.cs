using System.Runtime.CompilerServices;
using System.Text;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine.Parquet;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Log;

namespace Handoff.SparkJob.Delta.Engine;

/// <summary>
/// The engine over an <see cref="IObjectStore"/> rooted at the table folder: a local folder
/// (CreateNew commits) or a Blob prefix (If-None-Match: * commits).
/// </summary>
public sealed class ObjectStoreDeltaEngine : IDeltaEngine
{
    private readonly IObjectStore _table;

    public ObjectStoreDeltaEngine(IObjectStore tableRoot)
    {
        ArgumentNullException.ThrowIfNull(tableRoot);
        _table = tableRoot;
        Paths = new TableFilePaths(tableRoot.Root);
    }

    public string TableLocation => _table.Root.ToString();

    public TableFilePaths Paths { get; }

    public async IAsyncEnumerable<StoredObject> ListLogAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string prefix = LogFile.LogFolder + "/";
        await using var items = Wrap(_table.ListAsync(prefix, cancellationToken), "list", prefix).GetAsyncEnumerator(cancellationToken);
        while (await items.MoveNextAsync())
        {
            var item = items.Current;
            if (item.Path.Length > prefix.Length && item.Path.IndexOf('/', prefix.Length) < 0)
            {
                yield return item;
            }
        }
    }

    public async IAsyncEnumerable<string> ReadLinesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(path, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or StorageException)
            {
                throw Unreadable(path, ex);
            }

            if (line is null)
            {
                yield break;
            }

            yield return line;
        }
    }

    public async Task<string?> TryReadTextAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await _table.OpenReadAsync(path, cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (StorageException ex) when (ex.Kind is StorageErrorKind.NotFound or StorageErrorKind.ContainerNotFound)
        {
            return null;
        }
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            return await _table.PutIfAbsentAsync(path, content, cancellationToken);
        }
        catch (StorageException ex) when (ex.Kind == StorageErrorKind.AlreadyExists)
        {
            return false;
        }
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var upload = await _table.StartUploadAsync(path, cancellationToken);
        await upload.Content.WriteAsync(content, cancellationToken);
        await upload.CommitAsync(cancellationToken);
    }

    public async IAsyncEnumerable<IDeltaAction> ReadCheckpointParquetAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await OpenSeekableAsync(path, cancellationToken);
        await using var actions = CheckpointParquetReader.ReadAsync(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await actions.MoveNextAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not DeltaException)
            {
                throw Unreadable(path, ex);
            }

            if (!more)
            {
                yield break;
            }

            yield return actions.Current;
        }
    }

    public async Task<long> WriteCheckpointParquetAsync(string path, IReadOnlyCollection<IDeltaAction> actions, CancellationToken cancellationToken)
    {
        await using var upload = await _table.StartUploadAsync(path, cancellationToken);

        // The Parquet writer seeks back to patch nothing, but needs Position; a counting buffer
        // stream in front of the upload keeps the upload a pure forward write.
        await using (var output = new ForwardOnlyStream(upload.Content))
        {
            await CheckpointParquetWriter.WriteAsync(output, actions, cancellationToken);
        }

        var stored = await upload.CommitAsync(cancellationToken);
        return stored.Size;
    }

    public async Task<ParquetFooter> ReadParquetFooterAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = await OpenSeekableAsync(path, cancellationToken);
        try
        {
            return await ParquetFiles.ReadFooterAsync(stream, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DeltaException)
        {
            throw Unreadable(path, ex);
        }
    }

    public async Task<StoredObject?> GetFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _table.GetAsync(path, cancellationToken);
        }
        catch (StorageException ex)
        {
            throw Unreadable(path, ex);
        }
    }

    private async Task<Stream> OpenAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _table.OpenReadAsync(path, cancellationToken);
        }
        catch (StorageException ex)
        {
            throw Unreadable(path, ex);
        }
    }

    private async Task<Stream> OpenSeekableAsync(string path, CancellationToken cancellationToken)
    {
        var stream = await OpenAsync(path, cancellationToken);
        if (stream.CanSeek)
        {
            return stream;
        }

        await stream.DisposeAsync();
        StoredObject? info;
        try
        {
            info = await _table.GetAsync(path, cancellationToken);
        }
        catch (StorageException ex)
        {
            throw Unreadable(path, ex);
        }

        return new RangeReadStream(_table, path, (info ?? throw Unreadable(path, null)).Size);
    }

    private DeltaException Unreadable(string path, Exception? inner)
    {
        var missing = inner is StorageException { Kind: StorageErrorKind.NotFound } || inner is null;
        return new DeltaException(
            DeltaErrorKind.UnreadableFile,
            missing
                ? $"'{path}' in the Delta table {TableLocation} is missing"
                : $"'{path}' in the Delta table {TableLocation} cannot be read: {inner!.Message}",
            inner);
    }

    private async IAsyncEnumerable<StoredObject> Wrap(IAsyncEnumerable<StoredObject> source, string verb, string path)
    {
        await using var items = source.GetAsyncEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = await items.MoveNextAsync();
            }
            catch (StorageException ex) when (ex.Kind == StorageErrorKind.ContainerNotFound)
            {
                yield break;
            }
            catch (StorageException ex)
            {
                throw new DeltaException(DeltaErrorKind.UnreadableFile, $"cannot {verb} '{path}' in {TableLocation}: {ex.Message}", ex);
            }

            if (!more)
            {
                yield break;
            }

            yield return items.Current;
        }
    }
}
