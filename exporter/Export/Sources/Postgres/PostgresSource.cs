using System.Data;
using System.Data.Common;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Npgsql;

namespace Handoff.Exporter.Sources.Postgres;

/// <summary>
/// A PostgreSQL database reached through one Npgsql connection. Results stream with
/// <see cref="CommandBehavior.SequentialAccess"/>; every column is nullable in the export schema
/// (PostgreSQL reports NOT NULL for table columns, but an outer join can still yield NULL there).
/// Unless the connection string sets a Command Timeout, queries may run as long as they need.
/// </summary>
public sealed class PostgresSource : IQuerySource
{
    private readonly NpgsqlConnection _connection;
    private readonly string _endpoint;
    private readonly int _commandTimeout;

    private PostgresSource(NpgsqlConnection connection, string endpoint, int commandTimeout)
    {
        _connection = connection;
        _endpoint = endpoint;
        _commandTimeout = commandTimeout;
    }

    public string Kind => SourceSpec.PostgresKind;

    /// <exception cref="UnsupportedSourceException">the connection string cannot be parsed.</exception>
    /// <exception cref="SourceException">the server cannot be reached or refuses the login.</exception>
    public static async Task<PostgresSource> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = PostgresConnectionString.Validate(connectionString);
        var endpoint = PostgresConnectionString.Endpoint(builder);
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new SourceException($"cannot connect to PostgreSQL at {endpoint}: {Describe(ex)}", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new PostgresSource(connection, endpoint, SetsCommandTimeout(connectionString) ? builder.CommandTimeout : 0);
    }

    /// <exception cref="SourceException">PostgreSQL rejects the query, or it returns no columns.</exception>
    /// <exception cref="SchemaException">a column has a type or a name the export cannot carry.</exception>
    public async Task<IQueryResult> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = _commandTimeout };
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            await command.DisposeAsync();
            throw new SourceException($"PostgreSQL at {_endpoint} rejected the query: {Describe(ex)}", ex);
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }

        try
        {
            if (reader.FieldCount == 0)
            {
                throw new SourceException("the query returned no columns");
            }

            var columns = new Column[reader.FieldCount];
            var fillers = new ColumnFiller<NpgsqlDataReader>[reader.FieldCount];
            for (var i = 0; i < columns.Length; i++)
            {
                var name = reader.GetName(i);
                columns[i] = new Column(name, PostgresTypeMapping.ToLogical(reader.GetDataTypeName(i), name), Nullable: true);
            }

            var schema = new TableSchema(columns);
            for (var i = 0; i < columns.Length; i++)
            {
                fillers[i] = PostgresColumnFillers.Create(i, reader.GetPostgresType(i).InternalName, columns[i]);
            }

            return new PostgresQueryResult(command, reader, schema, fillers, _endpoint);
        }
        catch
        {
            await PostgresQueryResult.AbandonAsync(command, reader);
            throw;
        }
    }

    public override string ToString() => $"PostgreSQL at {_endpoint}";

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>A one-line reason: PostgreSQL's own message, or Npgsql's with the socket error behind it.</summary>
    internal static string Describe(Exception error) => error switch
    {
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}{(pg.Position > 0 ? $" (at character {pg.Position})" : string.Empty)}",
        { InnerException: System.Net.Sockets.SocketException socket } => socket.Message,
        { InnerException: { } inner } when !error.Message.Contains(inner.Message, StringComparison.Ordinal) => $"{error.Message}: {inner.Message}",
        _ => error.Message,
    };

    private static bool SetsCommandTimeout(string connectionString)
    {
        // A plain builder keeps only the keys actually written; Npgsql's reports every known key.
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        return keys.Any(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("CommandTimeout", StringComparison.OrdinalIgnoreCase));
    }
}
