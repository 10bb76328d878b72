using System.Net;
using System.Net.Sockets;
using Handoff.Exporter.Sources;
using Handoff.Shared.Schema;
using Handoff.Tests.Fixtures;
using Xunit;

namespace Handoff.Tests.Sources;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSourceTests(PostgresFixture postgres) : IAsyncLifetime
{
    private IQuerySource _source = null!;

    public async Task InitializeAsync() =>
        _source = await SourceFactory.OpenAsync(SourceSpec.Parse("postgres:" + postgres.ConnectionString), CancellationToken.None);

    public async Task DisposeAsync() => await _source.DisposeAsync();

    // A table, not VALUES: VALUES would drop the type modifiers (numeric(10,2) becomes numeric).
    private const string AllTypesQuery = """
        SET TIME ZONE 'Asia/Tokyo';
        CREATE TEMP TABLE all_types (
          flag boolean, small smallint, int integer, big bigint, f real, d double precision, amount numeric(10,2), third numeric,
          text text, var varchar(10), fixed char(3), nm name, id uuid, doc json, docb jsonb, bytes bytea, day date,
          ts timestamp, ts_tz timestamptz);
        INSERT INTO all_types VALUES
          (true, -16, -32, -64, 1.5, 2.25, 12345678.91, 1::numeric / 3, 'héllo', 'var', 'ab', 'nm',
           '6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f', '{"a": 1}', '{"b": 2}', '\x00ff',
           '1999-12-31', '1970-01-01 00:00:00.000001', '2024-02-29 13:14:15.123456+02'),
          (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        SELECT * FROM all_types ORDER BY flag NULLS LAST
        """;

    [Fact]
    public async Task Every_supported_type_arrives_with_its_logical_type()
    {
        await using var result = await _source.ExecuteAsync(AllTypesQuery, CancellationToken.None);
        Assert.Equal(
            "flag boolean, small short, int integer, big long, f float, d double, amount decimal(10,2), third decimal(38,18), " +
            "text string, var string, fixed string, nm string, id string, doc string, docb string, bytes binary, day date, " +
            "ts timestamp, ts_tz timestamp",
            result.Schema.ToString());
        Assert.All(result.Schema, c => Assert.True(c.Nullable));
    }

    [Fact]
    public async Task Every_supported_type_arrives_with_its_exact_value_and_clr_type()
    {
        var rows = await QueryResults.QueryAsync(_source, AllTypesQuery);

        Assert.Equal(2, rows.Count);
        object?[] expected =
        [
            true, (short)-16, -32, -64L, 1.5f, 2.25d, 12345678.91m,
            0.333333333333333333m, "héllo", "var", "ab ", "nm",
            "6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f", "{\"a\": 1}", "{\"b\": 2}", new byte[] { 0x00, 0xFF },
            new DateOnly(1999, 12, 31), new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(10),
            new DateTime(2024, 2, 29, 11, 14, 15, DateTimeKind.Utc).AddTicks(1234560),
        ];
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], rows[0][c]);
            Assert.Equal(expected[c]!.GetType(), rows[0][c]!.GetType());
        }

        Assert.All(rows[1], Assert.Null);
        Assert.All(rows[0].OfType<DateTime>(), t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public async Task Rows_stream_through_many_batches_in_order_with_their_nulls()
    {
        await using var result = await _source.ExecuteAsync(
            "SELECT i AS id, CASE WHEN i % 3 = 0 THEN NULL ELSE 'row ' || i END AS label FROM generate_series(0, 9999) AS s(i)", CancellationToken.None);
        var (rows, batches) = await QueryResults.ReadAllAsync(result, batchSize: 1000);

        Assert.Equal(10, batches);
        Assert.Equal(10000, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(i, rows[i][0]);
            Assert.Equal(i % 3 == 0 ? null : $"row {i}", rows[i][1]);
        }
    }

    [Fact]
    public async Task Abandoning_a_large_result_does_not_read_it_to_the_end_and_leaves_the_source_usable()
    {
        var started = DateTime.UtcNow;
        // One row per millisecond: reading this result to its end would take over 15 minutes.
        await using (var result = await _source.ExecuteAsync("SELECT i, pg_sleep(0.001)::text AS slept FROM generate_series(1, 1000000) AS s(i)", CancellationToken.None))
        {
            Assert.True(await result.ReadAsync(new Shared.Data.RowBatch(result.Schema, 100), CancellationToken.None));
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "disposing drained the whole result");
        Assert.Equal(7, Assert.Single(await QueryResults.QueryAsync(_source, "SELECT 7 AS seven"))[0]);
    }

    [Fact]
    public async Task A_sql_error_is_a_source_error_with_postgresqls_message()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => _source.ExecuteAsync("SELECT * FROM no_such_table", CancellationToken.None));
        Assert.Contains("42P01", error.Message);
        Assert.Contains("relation \"no_such_table\" does not exist", error.Message);
    }

    [Fact]
    public async Task A_statement_without_columns_is_refused()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => _source.ExecuteAsync("SELECT FROM generate_series(1, 3)", CancellationToken.None));
        Assert.Equal("the query returned no columns", error.Message);
    }

    [Fact]
    public async Task An_unsupported_type_is_refused_naming_the_column_and_its_type()
    {
        var error = await Assert.ThrowsAsync<SchemaException>(() => _source.ExecuteAsync("SELECT ARRAY[1, 2] AS tags", CancellationToken.None));
        Assert.Contains("column 'tags' has type integer[]", error.Message);
        Assert.Equal(7, Assert.Single(await QueryResults.QueryAsync(_source, "SELECT 7 AS seven"))[0]);
    }

    [Fact]
    public async Task Columns_whose_names_collide_ignoring_case_are_refused()
    {
        var error = await Assert.ThrowsAsync<SchemaException>(() => _source.ExecuteAsync("SELECT 1 AS a, 2 AS \"A\"", CancellationToken.None));
        Assert.Contains("collide", error.Message);
    }

    [Theory]
    [InlineData("SELECT 'infinity'::timestamp AS t", "'t'", "infinity")]
    [InlineData("SELECT '-infinity'::timestamptz AS t", "'t'", "-infinity")]
    [InlineData("SELECT 'infinity'::date AS d", "'d'", "infinity")]
    [InlineData("SELECT '10000-01-01'::timestamp AS t", "'t'", "outside years 1 to 9999")]
    [InlineData("SELECT 'NaN'::numeric AS n", "'n'", "NaN")]
    [InlineData("SELECT 1e25::numeric AS n", "'n'", "more than 20 digits")]
    public async Task A_value_the_export_cannot_hold_fails_naming_row_and_column(string sql, string column, string reason)
    {
        await using var result = await _source.ExecuteAsync(sql, CancellationToken.None);
        var error = await Assert.ThrowsAsync<SourceException>(() => QueryResults.ReadAllAsync(result));
        Assert.Contains($"row 1 of column {column}", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_a_clear_error_without_the_password()
    {
        var port = UnusedPort();
        var spec = SourceSpec.Parse($"postgres:Host=127.0.0.1;Port={port};Username=postgres;Password=hunter2;Timeout=5");
        var error = await Assert.ThrowsAsync<SourceException>(() => SourceFactory.OpenAsync(spec, CancellationToken.None));
        Assert.StartsWith($"cannot connect to PostgreSQL at 127.0.0.1:{port}: ", error.Message);
        Assert.DoesNotContain("hunter2", error.ToString());
    }

    [Fact]
    public async Task A_missing_database_is_a_clear_error()
    {
        var spec = SourceSpec.Parse($"postgres:Host=127.0.0.1;Port={postgres.Port};Username=postgres;Password=hunter2;Database=no_such_db");
        var error = await Assert.ThrowsAsync<SourceException>(() => SourceFactory.OpenAsync(spec, CancellationToken.None));
        Assert.Contains("database \"no_such_db\" does not exist", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
