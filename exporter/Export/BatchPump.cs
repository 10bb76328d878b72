using System.Threading.Channels;
using Handoff.Exporter.Sources;
using Handoff.Shared.Data;

namespace Handoff.Exporter.Export;

/// <summary>
/// Reads the source on its own task while the caller encodes, so decoding rows and encoding
/// files use both cores. A fixed set of batches circulates between a "free" and a "full"
/// channel: memory stays at <c>depth</c> batches whatever the row count.
/// </summary>
internal sealed class BatchPump : IAsyncDisposable
{
    private readonly Channel<RowBatch> _free;
    private readonly Channel<RowBatch> _full;
    private readonly CancellationTokenSource _stop;
    private readonly Task _reader;

    public BatchPump(IQueryResult result, int batchRows, int depth, CancellationToken cancellationToken)
    {
        _free = Channel.CreateBounded<RowBatch>(depth);
        _full = Channel.CreateBounded<RowBatch>(depth);
        for (var i = 0; i < depth; i++)
        {
            _free.Writer.TryWrite(new RowBatch(result.Schema, batchRows));
        }

        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reader = Task.Run(() => ReadAllAsync(result, _stop.Token), CancellationToken.None);
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

    private async Task ReadAllAsync(IQueryResult result, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var batch = await _free.Reader.ReadAsync(cancellationToken);
                if (!await result.ReadAsync(batch, cancellationToken))
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
