using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Handoff.Exporter.Sources.DuckDb.Native;
using Handoff.Exporter.Sources.DuckDb.Vectors;
using Handoff.Shared.Schema;

namespace Handoff.Exporter.Sources.DuckDb;

/// <summary>
/// A DuckDB database: a file opened read-only, or an in-memory database. One query runs at a
/// time; results stream chunk by chunk (DuckDB's streaming mode), never materialised whole, and
/// are read through DuckDB's C API straight from its column vectors.
/// </summary>
public sealed class DuckDbSource : IQuerySource
{
    private readonly DuckDBConnection _connection;
    private readonly string _description;

    private DuckDbSource(DuckDBConnection connection, string description)
    {
        _connection = connection;
        _description = description;
    }

    public string Kind => SourceSpec.DuckDbKind;

    /// <summary>
    /// DuckDB's buffer limit for file databases (not for in-memory ones, whose data lives in that
    /// memory); override with HANDOFF_DUCKDB_MEMORY_LIMIT (e.g. "2GB").
    /// </summary>
    private static string MemoryLimit => Environment.GetEnvironmentVariable("HANDOFF_DUCKDB_MEMORY_LIMIT") ?? "64MB";

    /// <param name="databasePath">A database file, opened read-only; <see cref="SourceSpec.InMemory"/> or empty for a new in-memory database.</param>
    /// <exception cref="SourceException">the file is missing or not a DuckDB database.</exception>
    public static Task<DuckDbSource> OpenAsync(string databasePath, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var inMemory = string.IsNullOrEmpty(databasePath) || databasePath == SourceSpec.InMemory;
        var builder = new DuckDBConnectionStringBuilder { DataSource = inMemory ? SourceSpec.InMemory : databasePath };
        if (!inMemory)
        {
            builder["ACCESS_MODE"] = "READ_ONLY";

            // An export streams: DuckDB's page cache would otherwise grow towards 80% of RAM while
            // scanning a large file. Queries that need more (big joins, sorts) spill to the temp
            // folder, which must be writable even when the database file's folder is not. Each
            // source spills to a folder of its own: DuckDB gives its spill files the same names in
            // every database and removes the folder it created when it closes, so two databases
            // sharing one (two exports at once) read each other's blocks as corrupt, or lost them.
            builder["memory_limit"] = MemoryLimit;
            builder["temp_directory"] = Path.Combine(Path.GetTempPath(), $"handoff-duckdb-spill-{Guid.NewGuid():N}");
        }

        var description = inMemory ? "in-memory DuckDB database" : $"DuckDB database '{databasePath}'";
        var connection = new DuckDBConnection(builder.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (DuckDBException ex)
        {
            connection.Dispose();
            throw new SourceException($"cannot open {description}: {ex.Message.Replace("DuckDBOpen failed: ", string.Empty, StringComparison.Ordinal)}", ex);
        }

        return Task.FromResult(new DuckDbSource(connection, description));
    }

    /// <summary>Takes ownership of an open connection (the sample data's in-memory database).</summary>
    internal static DuckDbSource FromOpenConnection(DuckDBConnection connection, string description) => new(connection, description);

    /// <exception cref="SourceException">DuckDB rejects the query, or it returns no columns.</exception>
    /// <exception cref="SchemaException">a column has a type or a name the export cannot carry.</exception>
    public Task<IQueryResult> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        cancellationToken.ThrowIfCancellationRequested();

        var described = DuckDbResultColumns.Describe(_connection, sql);
        var native = _connection.NativeConnection;
        var query = BeforeFirstRow(() => NativeQuery.Run(native, sql), cancellationToken);
        DuckDbQueryResult? result = null;
        try
        {
            if (query is null || query.ColumnCount == 0)
            {
                throw new SourceException("the query returned no columns");
            }

            var columns = DuckDbResultColumns.Resolve(query, described);
            var schema = new TableSchema(columns.Select(c => c.Column));
            var copiers = new ColumnFiller<ChunkWindow>[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                using var logicalType = query.ColumnLogicalType(i);
                copiers[i] = VectorCopiers.Create(i, columns[i].SourceType, logicalType, columns[i].Column);
            }

            result = new DuckDbQueryResult(native, query, schema, copiers, columns.Select(c => c.TypeName).ToArray());
            return Task.FromResult<IQueryResult>(BeforeFirstRow(result.FetchFirstChunk, cancellationToken));
        }
        catch
        {
            result?.Dispose();
            query?.Dispose();
            throw;
        }
    }

    /// <summary>Runs a step of starting the query, interruptible, with DuckDB's failures reported as the query's rejection.</summary>
    private T BeforeFirstRow<T>(Func<T> step, CancellationToken cancellationToken)
    {
        // In streaming mode DuckDB computes while it starts the query and fetches the first chunk.
        using var interrupt = InterruptOnCancel(_connection.NativeConnection, cancellationToken);
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is DuckDbQueryException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw ex is OperationCanceledException
                ? UnrequestedInterrupt("before the first row", ex)
                : new SourceException($"DuckDB rejected the query: {ex.Message}", ex);
        }
    }

    /// <summary>Interrupts the running DuckDB query when the token fires, so a long computation stops promptly.</summary>
    internal static CancellationTokenRegistration InterruptOnCancel(DuckDBNativeConnection connection, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? cancellationToken.Register(static c => ((DuckDBNativeConnection)c!).Interrupt(), connection) : default;

    public override string ToString() => _description;

    /// <summary>
    /// DuckDB stopped the query as if cancelled, though nobody asked. We have seen this, rarely and
    /// under heavy load, where a query raised an error in one of its parallel tasks: DuckDB reported
    /// the interruption of the other tasks instead of the error. It must not pass for a user's
    /// Ctrl+C (exit 130).
    /// </summary>
    internal static SourceException UnrequestedInterrupt(string where, Exception error) =>
        new($"DuckDB stopped the query {where} without giving a reason (it reported an interruption nobody requested, as it can when a parallel part of the query fails); run the query in DuckDB itself to see the error", error);

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
