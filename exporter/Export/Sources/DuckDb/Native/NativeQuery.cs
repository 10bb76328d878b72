using DuckDB.NET.Native;

namespace Handoff.Exporter.Sources.DuckDb.Native;

/// <summary>
/// A query run through DuckDB's C API: the statement whose rows the export reads, and its
/// streaming result, fetched a data chunk (2048 rows) at a time. Statements before it (SET,
/// CREATE, ...) run first and their results are dropped; statements after it never run, as with
/// DuckDB.NET's data reader.
/// </summary>
internal sealed class NativeQuery : IDisposable
{
    private readonly DuckDBPreparedStatement _statement;
    private readonly NativeResultHandle _result;

    private NativeQuery(DuckDBPreparedStatement statement, NativeResultHandle result)
    {
        _statement = statement;
        _result = result;
        ColumnCount = (int)NativeMethods.Query.DuckDBColumnCount(ref result.Value);
    }

    public int ColumnCount { get; }

    /// <summary>Runs the statements of <paramref name="sql"/> in order up to the first one that returns rows.</summary>
    /// <returns>That statement's running query, or null when no statement returns rows.</returns>
    /// <exception cref="DuckDbQueryException">DuckDB refused or failed a statement.</exception>
    /// <exception cref="OperationCanceledException">DuckDB was interrupted.</exception>
    public static NativeQuery? Run(DuckDBNativeConnection connection, string sql)
    {
        var count = NativeMethods.ExtractStatements.DuckDBExtractStatements(connection, sql, out var statements);
        using (statements)
        {
            if (count <= 0)
            {
                throw new DuckDbQueryException(NativeMethods.ExtractStatements.DuckDBExtractStatementsError(statements));
            }

            for (var index = 0; index < count; index++)
            {
                if (RunStatement(connection, statements, index) is { } query)
                {
                    return query;
                }
            }
        }

        return null;
    }

    private static NativeQuery? RunStatement(DuckDBNativeConnection connection, DuckDBExtractedStatements statements, int index)
    {
        DuckDBPreparedStatement? statement = null;
        NativeResultHandle? result = null;
        try
        {
            if (!NativeMethods.ExtractStatements.DuckDBPrepareExtractedStatement(connection, statements, index, out statement).IsSuccess())
            {
                var error = NativeMethods.PreparedStatements.DuckDBPrepareError(statement);
                throw new DuckDbQueryException(string.IsNullOrEmpty(error) ? "DuckDBQuery failed" : error);
            }

            result = new NativeResultHandle();
            if (!NativeMethods.PreparedStatements.DuckDBExecutePreparedStreaming(statement, out result.Value).IsSuccess())
            {
                result.ThrowIfFailed("DuckDB execution failed");
            }

            if (NativeMethods.Query.DuckDBResultReturnType(result.Value) != DuckDBResultType.QueryResult)
            {
                return null;
            }

            // The prepared statement lives as long as its streaming result.
            var query = new NativeQuery(statement, result);
            statement = null;
            result = null;
            return query;
        }
        finally
        {
            result?.Dispose();
            statement?.Dispose();
        }
    }

    public string ColumnName(int column) => NativeMethods.Query.DuckDBColumnName(ref _result.Value, column);

    public DuckDBType ColumnType(int column) => NativeMethods.Query.DuckDBColumnType(ref _result.Value, column);

    /// <summary>The column's full type (decimal width and scale, enum dictionary, ...); the caller disposes it.</summary>
    public DuckDBLogicalType ColumnLogicalType(int column) => NativeMethods.Query.DuckDBColumnLogicalType(ref _result.Value, column);

    /// <summary>The next chunk of rows, owned by the caller; null when the result has no more rows.</summary>
    /// <exception cref="DuckDbQueryException">DuckDB failed while computing the rows.</exception>
    /// <exception cref="OperationCanceledException">DuckDB was interrupted.</exception>
    public DuckDBDataChunk? Fetch()
    {
        ObjectDisposedException.ThrowIf(_result.IsClosed, this);
        var chunk = NativeMethods.Query.DuckDBFetchChunk(_result.Value);
        if (!chunk.IsInvalid)
        {
            return chunk;
        }

        chunk.Dispose();
        _result.ThrowIfFailed();
        return null;
    }

    public void Dispose()
    {
        _result.Dispose();
        _statement.Dispose();
    }
}
