using System.Threading.Channels;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Data;

/// <summary>
/// Reads a source of batches (a query result, a file being decoded) on its own task while the
/// caller encodes, so decoding and encoding use two cores. A fixed set of batches circulates between a "free" and a "full"
/// channel: memory stays at <c>depth</c> batches whatever the row count.
/// </summary>
public sealed class BatchPump : IAsyncDisposable
{
    private readonly Channel<RowBatch> _free;
    private readonly Channel<RowBatch> _full;
    private readonly CancellationTokenSource _stop;
    private readonly Task _reader;

    /// <param name="read">Refills a batch; false when the source is exhausted (IQueryResult.ReadAsync, IRowBatchReader.ReadAsync).</param>
    public BatchPump(TableSchema schema, Func<RowBatch, CancellationToken, Task<bool>> read, int batchRows, int depth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        _free = Channel.CreateBounded<RowBatch>(depth);
        _full = Channel.CreateBounded<RowBatch>(depth);
        for (var i = 0; i < depth; i++)
        {
            _free.Writer.TryWrite(new RowBatch(schema, batchRows));
        }

        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reader = Task.Run(() => ReadAllAsync(read, _stop.Token), CancellationToken.None);
    }

    /// <summary>The batches in source order; each must be given back with <see cref="Return"/> once written.</summary>
    public IAsyncEnumerable<RowBatch> ReadAllAsync(CancellationToken cancellationToken) => _full.Reader.ReadAllAsync(cancellationToken);

    public void Return(RowBatch batch) => _free.Writer.TryWrite(batch);

    /// <summary>Rethrows a source failure after the consumer has drained the batches read before it.</summary>
    public Task CompletionAsync() => _reader;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // The consumer stopped first (failure or cancellation); its exception is the one that matters.
        }

        _stop.Dispose();
    }

    private async Task ReadAllAsync(Func<RowBatch, CancellationToken, Task<bool>> read, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var batch = await _free.Reader.ReadAsync(cancellationToken);
                if (!await read(batch, cancellationToken))
                {
                    break;
                }

                await _full.Writer.WriteAsync(batch, cancellationToken);
            }

            _full.Writer.TryComplete();
        }
        catch (Exception error)
        {
            _full.Writer.TryComplete(error);
            throw;
        }
    }
}
