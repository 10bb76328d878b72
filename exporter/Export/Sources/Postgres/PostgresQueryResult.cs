using Handoff.Shared.Data;
using Handoff.Shared.Schema;
using Npgsql;

namespace Handoff.Exporter.Sources.Postgres;

/// <summary>A streaming PostgreSQL result, copied row by row into the caller's batches by per-column fillers.</summary>
internal sealed class PostgresQueryResult(NpgsqlCommand command, NpgsqlDataReader reader, TableSchema schema, ColumnFiller<NpgsqlDataReader>[] fillers, string endpoint) : IQueryResult
{
    /// <summary>SQLSTATE query_canceled: what the server answers after we cancel an unfinished result.</summary>
    private const string QueryCanceled = "57014";

    private readonly BatchBinding<NpgsqlDataReader> _binding = new(schema, fillers);
    private long _rowsRead;
    private bool _finished;

    public TableSchema Schema { get; } = schema;

    public async Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        _binding.Attach(batch);
        var row = 0;
        var column = -1;
        try
        {
            while (row < batch.Capacity && !_finished)
            {
                column = -1;
                if (!await reader.ReadAsync(cancellationToken))
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
        catch (NpgsqlException ex) when (column < 0)
        {
            throw new SourceException($"PostgreSQL at {endpoint} failed while producing row {_rowsRead + row + 1}: {PostgresSource.Describe(ex)}", ex);
        }
        catch (Exception ex) when (column >= 0 && ex is not OperationCanceledException)
        {
            throw BatchBinding<NpgsqlDataReader>.ValueError(Schema[column], reader.GetDataTypeName(column), _rowsRead + row + 1, ex);
        }

        batch.Count = row;
        _rowsRead += row;
        return row > 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_finished)
        {
            await reader.DisposeAsync();
            await command.DisposeAsync();
        }
        else
        {
            await AbandonAsync(command, reader);
        }
    }

    /// <summary>
    /// Stops an unfinished result. Disposing an Npgsql reader reads every remaining row, which for
    /// an abandoned export could take as long as the export itself; cancelling first ends it now.
    /// </summary>
    internal static async Task AbandonAsync(NpgsqlCommand command, NpgsqlDataReader reader)
    {
        try
        {
            command.Cancel();
            await reader.DisposeAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == QueryCanceled)
        {
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken or closed already; there is nothing left to stop.
        }
        finally
        {
            await command.DisposeAsync();
        }
    }
}
