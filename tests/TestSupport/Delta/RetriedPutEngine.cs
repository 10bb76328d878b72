using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;

namespace Handoff.Tests.Delta.Support;

/// <summary>
/// An engine whose first put-if-absent writes the object but reports "already exists", as a
/// storage client does when it retries a put whose first try succeeded unseen.
/// </summary>
public sealed class RetriedPutEngine(IDeltaEngine inner) : IDeltaEngine
{
    private int _puts;

    public int Puts => _puts;

    public string TableLocation => inner.TableLocation;

    public TableFilePaths Paths => inner.Paths;

    public IAsyncEnumerable<StoredObject> ListLogAsync(CancellationToken cancellationToken) => inner.ListLogAsync(cancellationToken);

    public IAsyncEnumerable<string> ReadLinesAsync(string path, CancellationToken cancellationToken) => inner.ReadLinesAsync(path, cancellationToken);

    public Task<string?> TryReadTextAsync(string path, CancellationToken cancellationToken) => inner.TryReadTextAsync(path, cancellationToken);

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var written = await inner.PutIfAbsentAsync(path, content, cancellationToken);
        return Interlocked.Increment(ref _puts) == 1 ? false : written;
    }

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.WriteAsync(path, content, cancellationToken);

    public IAsyncEnumerable<IDeltaAction> ReadCheckpointParquetAsync(string path, CancellationToken cancellationToken) => inner.ReadCheckpointParquetAsync(path, cancellationToken);

    public Task<long> WriteCheckpointParquetAsync(string path, IReadOnlyCollection<IDeltaAction> actions, CancellationToken cancellationToken) => inner.WriteCheckpointParquetAsync(path, actions, cancellationToken);

    public Task<ParquetFooter> ReadParquetFooterAsync(string path, CancellationToken cancellationToken) => inner.ReadParquetFooterAsync(path, cancellationToken);

    public Task<StoredObject?> GetFileAsync(string path, CancellationToken cancellationToken) => inner.GetFileAsync(path, cancellationToken);
}
