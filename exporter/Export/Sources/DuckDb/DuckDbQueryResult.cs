using DuckDB.NET.Native;
using Handoff.Exporter.Sources.DuckDb.Native;
using Handoff.Exporter.Sources.DuckDb.Vectors;
using Handoff.Shared.Data;
using Handoff.Shared.Schema;

namespace Handoff.Exporter.Sources.DuckDb;

/// <summary>
/// A streaming DuckDB result, copied column by column from DuckDB's data chunks (2048 rows each)
/// into the caller's batches. A batch may take rows from several chunks and a chunk may feed
/// several batches: a cursor remembers how far the current chunk has been copied.
/// </summary>
internal sealed class DuckDbQueryResult : IQueryResult
{
    private readonly DuckDBNativeConnection _connection;
    private readonly NativeQuery _query;
    private readonly ColumnFiller<ChunkWindow>[] _copiers;
    private readonly string[] _typeNames;
    private readonly BatchBinding<ChunkWindow> _binding;
    private readonly DataChunkView _chunk;
    private int _cursor;
    private long _rowsRead;
    private bool _finished;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="query"/>.</summary>
    public DuckDbQueryResult(DuckDBNativeConnection connection, NativeQuery query, TableSchema schema, ColumnFiller<ChunkWindow>[] copiers, string[] typeNames)
    {
        _connection = connection;
        _query = query;
        _copiers = copiers;
        _typeNames = typeNames;
        _binding = new BatchBinding<ChunkWindow>(schema, copiers);
        _chunk = new DataChunkView(copiers.Length);
        Schema = schema;
    }

    public TableSchema Schema { get; }

    /// <summary>
    /// Computes the first chunk, which for an aggregation is most of the work, so that a query
    /// failing at once fails before the export starts writing.
    /// </summary>
    /// <exception cref="DuckDbQueryException">DuckDB failed computing it.</exception>
    /// <exception cref="OperationCanceledException">DuckDB was interrupted.</exception>
    public DuckDbQueryResult FetchFirstChunk()
    {
        FetchNextChunk();
        return this;
    }

    public Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        _binding.Attach(batch);
        var row = 0;
        using var interrupt = DuckDbSource.InterruptOnCancel(_connection, cancellationToken);
        try
        {
            while (row < batch.Capacity && !_finished)
            {
                if (_cursor == _chunk.Size)
                {
                    FetchNextChunk();
                    continue;
                }

                var count = Math.Min(batch.Capacity - row, _chunk.Size - _cursor);
                Copy(new ChunkWindow(_chunk, _cursor, count), row);
                _cursor += count;
                row += count;
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // An interrupted query fails inside DuckDB; report it as the cancellation it is.
            throw new OperationCanceledException("the query was cancelled", ex, cancellationToken);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw DuckDbSource.UnrequestedInterrupt($"while producing row {_rowsRead + row + 1}", ex);
        }
        catch (DuckDbQueryException ex)
        {
            throw new SourceException($"DuckDB failed while producing row {_rowsRead + row + 1}: {ex.Message}", ex);
        }

        batch.Count = row;
        _rowsRead += row;
        return Task.FromResult(row > 0);
    }

    /// <summary>Loads the next non-empty chunk, or marks the end and frees the result so the connection is idle again.</summary>
    private void FetchNextChunk()
    {
        _chunk.Release();
        _cursor = 0;
        while (_query.Fetch() is { } next)
        {
            _chunk.Load(next);
            if (_chunk.Size > 0)
            {
                return;
            }
        }

        _chunk.Release();
        _finished = true;
        _query.Dispose();
    }

    /// <summary>
    /// Copies the window column by column. A value the batch cannot hold is reported as a row
    /// reader would meet it: the lowest row, and in that row the leftmost column.
    /// </summary>
    private void Copy(ChunkWindow window, int row)
    {
        UnexportableValueException? first = null;
        var firstColumn = -1;
        for (var column = 0; column < _copiers.Length; column++)
        {
            try
            {
                _copiers[column].Fill(window, row);
            }
            catch (UnexportableValueException ex)
            {
                if (first is null || ex.Row < first.Row)
                {
                    first = ex;
                    firstColumn = column;

                    // Later columns only matter up to this row.
                    window = window with { Count = ex.Row - row + 1 };
                }
            }
        }

        if (first is not null)
        {
            throw BatchBinding<ChunkWindow>.ValueError(Schema[firstColumn], _typeNames[firstColumn], _rowsRead + first.Row + 1, first);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Frees the chunk, the result and the prepared statement; the connection can run another query.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _chunk.Dispose();
            _query.Dispose();
        }
    }
}
