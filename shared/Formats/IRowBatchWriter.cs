using Handoff.Shared.Data;

namespace Handoff.Shared.Formats;

/// <summary>
/// Encodes row batches into one file's stream. The writer buffers at most a row group or a
/// block; it never holds the whole file. <see cref="CompleteAsync"/> writes the trailer
/// (Parquet footer, gzip end) and flushes; it does not close the stream.
/// </summary>
public interface IRowBatchWriter : IAsyncDisposable
{
    Task WriteAsync(RowBatch batch, CancellationToken cancellationToken);

    Task CompleteAsync(CancellationToken cancellationToken);
}
