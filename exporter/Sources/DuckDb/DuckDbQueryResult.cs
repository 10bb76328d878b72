using DuckDB.NET.Data;
using Handoff.Shared.Data;
using Handoff.Shared.Schema;

namespace Handoff.Exporter.Sources.DuckDb;

/// <summary>A streaming DuckDB result, copied row by row into the caller's batches by per-column fillers.</summary>
internal sealed class DuckDbQueryResult(
    DuckDBCommand command, DuckDBDataReader reader, TableSchema schema, ColumnFiller<DuckDBDataReader>[] fillers, string[] typeNames) : IQueryResult
{
    private readonly BatchBinding<DuckDBDataReader> _binding = new(schema, fillers);
    private long _rowsRead;
    private bool _finished;

    public TableSchema Schema { get; } = schema;

    public Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        _binding.Attach(batch);
        var row = 0;
        var column = -1;
        using var interrupt = InterruptOnCancel(command, cancellationToken);
        try
        {
            while (row < batch.Capacity && !_finished)
            {
                column = -1;
                if (!reader.Read())
                {
                    _finished = true;
                    break;
                }

                for (column = 0; column < fillers.Length; column++)
                {
                    fillers[column].Fill(reader, row);
                }

                row++;
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
        catch (DuckDBException ex) when (column < 0)
        {
            throw new SourceException($"DuckDB failed while producing row {_rowsRead + row + 1}: {ex.Message}", ex);
        }
        catch (Exception ex) when (column >= 0 && ex is not OperationCanceledException)
        {
            throw BatchBinding<DuckDBDataReader>.ValueError(Schema[column], typeNames[column], _rowsRead + row + 1, ex);
        }

        batch.Count = row;
        _rowsRead += row;
        return Task.FromResult(row > 0);
    }

    /// <summary>Interrupts the running DuckDB query when the token fires, so a long computation stops promptly.</summary>
    internal static CancellationTokenRegistration InterruptOnCancel(DuckDBCommand command, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command) : default;

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        command.Dispose();
        return ValueTask.CompletedTask;
    }
}
