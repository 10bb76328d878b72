using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Handoff.Exporter.Sources;
using Handoff.Exporter.Sources.DuckDb;
using Handoff.Shared.Data;
using Handoff.Shared.Schema;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Sources;

public sealed class DuckDbSourceTests : IAsyncLifetime
{
    private DuckDbSource _source = null!;

    public async Task InitializeAsync() => _source = await DuckDbSource.OpenAsync(SourceSpec.InMemory, CancellationToken.None);

    public async Task DisposeAsync() => await _source.DisposeAsync();

    private const string AllTypesQuery = """
        SELECT * FROM (VALUES
          (true, -8::TINYINT, -16::SMALLINT, -32::INTEGER, -64::BIGINT, 255::UTINYINT, 65535::USMALLINT, 4294967295::UINTEGER,
           18446744073709551615::UBIGINT, -17014118346046923173168730371::HUGEINT, 1.5::FLOAT, 2.25::DOUBLE, 123.45::DECIMAL(5,2),
           -987654321098765432.123456789::DECIMAL(38,9), 'héllo', '6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f'::UUID, '{"a": 1}'::JSON,
           'b'::ENUM('a', 'b'), '\x00\xFF'::BLOB, DATE '1999-12-31',
           TIMESTAMP '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15'::TIMESTAMP_S, '2024-02-29 13:14:15.123'::TIMESTAMP_MS,
           '2024-02-29 13:14:15.123456789'::TIMESTAMP_NS, TIMESTAMPTZ '2024-02-29 13:14:15.5+02:00'),
          (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL)
        ) AS t(bool, tiny, small, int, big, utiny, usmall, uint, ubig, huge, f, d, dec, wide, text, id, doc, choice, bytes, day,
               ts, ts_s, ts_ms, ts_ns, ts_tz)
        """;

    [Fact]
    public async Task Every_supported_type_arrives_with_its_logical_type()
    {
        await using var result = await _source.ExecuteAsync(AllTypesQuery, CancellationToken.None);
        Assert.Equal(
            "bool boolean, tiny byte, small short, int integer, big long, utiny short, usmall integer, uint long, ubig decimal(20,0), " +
            "huge decimal(38,0), f float, d double, dec decimal(5,2), wide decimal(38,9), text string, id string, doc string, choice string, " +
            "bytes binary, day date, ts timestamp, ts_s timestamp, ts_ms timestamp, ts_ns timestamp, ts_tz timestamp",
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
            true, (sbyte)-8, (short)-16, -32, -64L, (short)255, 65535, 4294967295L,
            18446744073709551615m, -17014118346046923173168730371m, 1.5f, 2.25d, 123.45m,
            -987654321098765432.123456789m, "héllo", "6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f", "{\"a\": 1}",
            "b", new byte[] { 0x00, 0xFF }, new DateOnly(1999, 12, 31),
            Utc(2024, 2, 29, 13, 14, 15, 123456), Utc(2024, 2, 29, 13, 14, 15, 0), Utc(2024, 2, 29, 13, 14, 15, 123000),
            Utc(2024, 2, 29, 13, 14, 15, 123456), Utc(2024, 2, 29, 11, 14, 15, 500000),
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
    public async Task A_time_zone_aware_timestamp_is_the_same_instant_whatever_the_session_time_zone()
    {
        var rows = await QueryResults.QueryAsync(_source, "SET TimeZone = 'America/New_York'; SELECT TIMESTAMPTZ '2024-07-01 12:00:00+00' AS t");
        Assert.Equal(new DateTime(2024, 7, 1, 12, 0, 0, DateTimeKind.Utc), Assert.Single(rows)[0]);
    }

    [Fact]
    public async Task Rows_stream_through_many_batches_in_order_with_their_nulls()
    {
        await using var result = await _source.ExecuteAsync(
            "SELECT i AS id, CASE WHEN i % 3 = 0 THEN NULL ELSE 'row ' || i END AS label FROM range(10000) r(i)", CancellationToken.None);
        var (rows, batches) = await QueryResults.ReadAllAsync(result, batchSize: 1000);

        Assert.Equal(10, batches);
        Assert.Equal(10000, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal((long)i, rows[i][0]);
            Assert.Equal(i % 3 == 0 ? null : $"row {i}", rows[i][1]);
        }
    }

    [Fact]
    public async Task An_empty_result_keeps_its_schema_including_decimal_precision()
    {
        await using var result = await _source.ExecuteAsync("SELECT 1.5::DECIMAL(10,2) AS amount FROM range(5) WHERE false", CancellationToken.None);
        Assert.Equal("amount decimal(10,2)", result.Schema.ToString());
        Assert.False(await result.ReadAsync(new RowBatch(result.Schema, 10), CancellationToken.None));
    }

    [Fact]
    public async Task A_statement_describe_cannot_wrap_still_exports_with_the_readers_types()
    {
        var rows = await QueryResults.QueryAsync(_source, "CREATE TABLE t AS SELECT 1 AS a; SHOW TABLES");
        Assert.Equal("t", Assert.Single(rows)[0]);
    }

    [Fact]
    public async Task A_cancelled_read_stops_with_operation_cancelled()
    {
        await using var result = await _source.ExecuteAsync("SELECT i FROM range(100000) r(i)", CancellationToken.None);
        var batch = new RowBatch(result.Schema, 10);
        Assert.True(await result.ReadAsync(batch, CancellationToken.None));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => result.ReadAsync(batch, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Cancelling_a_long_running_query_interrupts_duckdb()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await using var result = await _source.ExecuteAsync("SELECT count(*) AS n FROM range(100000000000) r(i) WHERE i % 7 = 3", cancel.Token);
            await QueryResults.ReadAllAsync(result);
        });
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the query ran on after cancellation");
    }

    [Fact]
    public async Task A_sql_error_is_a_source_error_with_duckdbs_message()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => _source.ExecuteAsync("SELECT * FROM no_such_table", CancellationToken.None));
        Assert.Contains("Table with name no_such_table does not exist", error.Message);
        Assert.DoesNotContain("DESCRIBE", error.Message);
    }

    [Fact]
    public async Task An_error_in_the_middle_of_the_stream_is_a_source_error_naming_the_row_reached()
    {
        // One thread: with several, DuckDB has (rarely, under load) reported an interruption instead of the error.
        await using var result = await _source.ExecuteAsync(
            "SET threads = 1; SELECT CASE WHEN i = 3000000 THEN error('boom at 3000000') ELSE i END AS x FROM range(4000000) r(i)", CancellationToken.None);
        var error = await Assert.ThrowsAsync<SourceException>(() => QueryResults.ReadAllAsync(result));
        Assert.Contains("boom at 3000000", error.Message);
        Assert.Contains("while producing row", error.Message);
    }

    [Fact]
    public async Task A_statement_without_columns_is_refused()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => _source.ExecuteAsync("CREATE TABLE empty_one (a INTEGER)", CancellationToken.None));
        Assert.Equal("the query returned no columns", error.Message);
    }

    [Fact]
    public async Task Columns_whose_names_collide_ignoring_case_are_refused()
    {
        var error = await Assert.ThrowsAsync<SchemaException>(() => _source.ExecuteAsync("SELECT 1 AS a, 2 AS A", CancellationToken.None));
        Assert.Contains("collide", error.Message);
    }

    [Fact]
    public async Task A_column_name_delta_cannot_store_is_refused()
    {
        var error = await Assert.ThrowsAsync<SchemaException>(() => _source.ExecuteAsync("SELECT 1 AS \"a b\"", CancellationToken.None));
        Assert.Contains("'a b'", error.Message);
    }

    [Theory]
    [InlineData("SELECT ['x', 'y'] AS tags", "column 'tags' has type VARCHAR[]")]
    [InlineData("SELECT {'a': 1} AS info", "column 'info' has type STRUCT(a INTEGER)")]
    [InlineData("SELECT TIME '10:00' AS at", "column 'at' has type TIME")]
    [InlineData("SELECT INTERVAL 1 DAY AS gap", "column 'gap' has type INTERVAL")]
    public async Task An_unsupported_type_is_refused_naming_the_column_and_duckdbs_type(string sql, string expected)
    {
        var error = await Assert.ThrowsAsync<SchemaException>(() => _source.ExecuteAsync(sql, CancellationToken.None));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("SELECT 'infinity'::DATE AS d", "'d' (DATE)", "infinite date")]
    [InlineData("SELECT 'infinity'::TIMESTAMP AS t", "'t' (TIMESTAMP)", "infinite timestamp")]
    [InlineData("SELECT '20000-01-01'::TIMESTAMP AS t", "'t' (TIMESTAMP)", "outside years 1 to 9999")]
    [InlineData("SELECT '20000-01-01'::DATE AS d", "'d' (DATE)", "outside years 1 to 9999")]
    [InlineData("SELECT 170141183460469231731687303715884105727::HUGEINT AS h", "'h' (HUGEINT)", "more than the exporter carries")]
    [InlineData("SELECT '1234567890123456789012345678.1234567890'::DECIMAL(38,10) AS wide", "'wide' (DECIMAL(38,10))", "significant digits")]
    public async Task A_value_the_export_cannot_hold_exactly_fails_naming_row_and_column(string sql, string column, string reason)
    {
        await using var result = await _source.ExecuteAsync(sql, CancellationToken.None);
        var error = await Assert.ThrowsAsync<SourceException>(() => QueryResults.ReadAllAsync(result));
        Assert.Contains($"row 1 of column {column}", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task A_database_file_is_opened_read_only()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("shop.duckdb");
        using (var writer = new DuckDBConnection($"Data Source={path}"))
        {
            writer.Open();
            using var command = writer.CreateCommand();
            command.CommandText = "CREATE TABLE orders AS SELECT i AS id FROM range(3) r(i)";
            command.ExecuteNonQuery();
        }

        await using var source = await SourceFactory.OpenAsync(SourceSpec.Parse("duckdb:" + path), CancellationToken.None);
        Assert.Equal(3, (await QueryResults.QueryAsync(source, "SELECT * FROM orders")).Count);
        var error = await Assert.ThrowsAsync<SourceException>(() => source.ExecuteAsync("INSERT INTO orders VALUES (9) RETURNING id", CancellationToken.None));
        Assert.Contains("read-only", error.Message);
    }

    [Fact]
    public async Task A_missing_database_file_is_a_source_error_naming_it()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("missing.duckdb");
        var error = await Assert.ThrowsAsync<SourceException>(() => SourceFactory.OpenAsync(SourceSpec.Parse("duckdb:" + path), CancellationToken.None));
        Assert.Contains(path, error.Message);
        Assert.False(File.Exists(path));
    }

    /// <summary>
    /// 5000 rows cross DuckDB's 2048-row chunks; NULLs sit on each chunk's first and last row. Each
    /// typed column has a twin in a form DuckDB renders itself (text, epoch), the expected value.
    /// </summary>
    private const string ChunkCrossingQuery = """
        SELECT i AS id,
               CASE WHEN edge OR i % 13 = 0 THEN NULL ELSE i * 7919 - 20000000 END AS big,
               CASE WHEN edge OR i % 17 = 0 THEN NULL ELSE repeat(chr(97 + (i % 26)::INTEGER), (i % 30)::INTEGER) || CASE WHEN i % 3 = 0 THEN 'é日' ELSE '' END END AS label,
               CASE WHEN edge THEN NULL ELSE (i * 12.34 - 30000)::DECIMAL(18,2) END AS amount,
               CASE WHEN edge THEN NULL ELSE (i * 12.34 - 30000)::DECIMAL(18,2)::VARCHAR END AS amount_text,
               CASE WHEN edge THEN NULL ELSE DATE '1900-01-01' + (i * 11)::INTEGER END AS day,
               CASE WHEN edge THEN NULL ELSE strftime(DATE '1900-01-01' + (i * 11)::INTEGER, '%Y-%m-%d') END AS day_text,
               CASE WHEN edge THEN NULL ELSE make_timestamp(i * 987654321 - 1000000000000000) END AS at,
               CASE WHEN edge THEN NULL ELSE i * 987654321 - 1000000000000000 END AS at_us,
               CASE WHEN edge THEN NULL ELSE make_timestamptz(i * 123456789) END AS at_tz,
               CASE WHEN edge THEN NULL ELSE uuid_text::UUID END AS id_uuid,
               CASE WHEN edge THEN NULL ELSE uuid_text::UUID::VARCHAR END AS id_uuid_text,
               CASE WHEN edge THEN NULL ELSE i / 7 END AS ratio,
               CASE WHEN edge THEN NULL ELSE i % 3 = 1 END AS flag,
               CASE WHEN edge THEN NULL ELSE i::HUGEINT * 1000000000000000000000 END AS huge
        FROM (
          SELECT i, i % 2048 IN (0, 2047) AS edge,
                 substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12) AS uuid_text
          FROM (SELECT i, md5(i::VARCHAR) AS h FROM range(5000) r(i))
        )
        ORDER BY i
        """;

    [Theory]
    [InlineData(3000)]
    [InlineData(8192)]
    [InlineData(2048)]
    [InlineData(1)]
    public async Task Batches_that_cross_chunk_boundaries_hold_duckdbs_own_values(int batchSize)
    {
        await using var result = await _source.ExecuteAsync(ChunkCrossingQuery, CancellationToken.None);
        var (rows, batches) = await QueryResults.ReadAllAsync(result, batchSize);

        Assert.Equal(5000, rows.Count);
        Assert.Equal((5000 + batchSize - 1) / batchSize, batches);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.Equal((long)i, row[0]);
            if (i % 2048 is 0 or 2047)
            {
                Assert.All(row.Skip(1), Assert.Null);
                continue;
            }

            Assert.Equal(i % 13 == 0 ? null : i * 7919L - 20000000, row[1]);
            Assert.Equal(i % 17 == 0 ? null : new string((char)('a' + (i % 26)), i % 30) + (i % 3 == 0 ? "é日" : string.Empty), row[2]);
            Assert.Equal(decimal.Parse((string)row[4]!, CultureInfo.InvariantCulture), row[3]);
            Assert.Equal(DateOnly.ParseExact((string)row[6]!, "yyyy-MM-dd", CultureInfo.InvariantCulture), row[5]);
            Assert.Equal(DateTime.UnixEpoch.AddTicks((long)row[8]! * 10), row[7]);
            Assert.Equal(DateTime.UnixEpoch.AddTicks(i * 1234567890L), row[9]);
            Assert.Equal(row[11], row[10]);
            Assert.Equal(i / 7d, row[12]);
            Assert.Equal(i % 3 == 1, row[13]);
            Assert.Equal(i * 1_000_000_000_000_000_000_000m, row[14]);
        }
    }

    [Fact]
    public async Task Strings_shorter_and_longer_than_duckdbs_inline_twelve_bytes_keep_every_utf8_character()
    {
        string[] texts =
        [
            string.Empty, "a", "abcdefghijk", "abcdefghijkl", "abcdefghijklm", "éééééé", "éééééé!", "abcdefghijké", "abcdefghijkl€",
            "日本語テキスト", "😀", "a😀b", "tab\tand\0nul", "it's", new string('z', 5000) + "ß",
            "nul\0", "nul", "nul\0\0", "nul\0", "nul", "abcdefghijkl", "abcdefghijk",
        ];
        var rows = await QueryResults.QueryAsync(_source, $"""
            SELECT s AS text, encode(s) AS bytes, octet_length(encode(s)) AS byte_count
            FROM (VALUES {string.Join(", ", texts.Select((t, i) => $"({i}, {SqlText(t)})"))}) v(n, s)
            ORDER BY n
            """);

        Assert.Equal(texts.Length, rows.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(texts[i], rows[i][0]);
            Assert.Equal(Encoding.UTF8.GetBytes(texts[i]), rows[i][1]);
            Assert.Equal((long)Encoding.UTF8.GetByteCount(texts[i]), rows[i][2]);
        }
    }

    /// <summary>A SQL expression for <paramref name="text"/>; control characters go through chr(), as the query text cannot carry NUL.</summary>
    private static string SqlText(string text) =>
        "('" + string.Concat(text.Select(c => char.IsControl(c) ? $"' || chr({(int)c}) || '" : c == '\'' ? "''" : c.ToString())) + "')";

    [Fact]
    public async Task Decimals_of_every_storage_width_arrive_exactly()
    {
        var row = Assert.Single(await QueryResults.QueryAsync(_source, """
            SELECT -999.9::DECIMAL(4,1) AS d16, 12345.6789::DECIMAL(9,4) AS d32, -9999999999999999.99::DECIMAL(18,2) AS d64,
                   '12345678901234567890123.45678'::DECIMAL(28,5) AS d128_exact, '-1234567.0000000001'::DECIMAL(38,10) AS d128,
                   '99999999999999999999999999'::DECIMAL(38,0) AS d128_integer,
                   '123456789012345678.000000000000'::DECIMAL(38,12) AS d128_trailing_zeros, 0::DECIMAL(38,3) AS d128_zero
            """));

        object[] expected =
        [
            -999.9m, 12345.6789m, -9999999999999999.99m, 12345678901234567890123.45678m, -1234567.0000000001m,
            99999999999999999999999999m, 123456789012345678m, 0m,
        ];
        Assert.Equal(expected, row);
    }

    [Fact]
    public async Task An_enum_with_more_than_256_names_arrives_by_name()
    {
        var rows = await QueryResults.QueryAsync(_source, """
            CREATE TYPE many_names AS ENUM (SELECT 'name ' || i FROM range(300) r(i));
            SELECT CASE WHEN i % 100 = 0 THEN NULL ELSE ('name ' || (299 - i))::many_names END AS e FROM range(300) r(i)
            """);

        Assert.Equal(300, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(i % 100 == 0 ? null : $"name {299 - i}", rows[i][0]);
        }
    }

    [Theory]
    [InlineData("SELECT DATE '0001-01-01' AS d, DATE '9999-12-31' AS d2", "0001-01-01T00:00:00.0000000", "9999-12-31T00:00:00.0000000")]
    [InlineData("SELECT TIMESTAMP '0001-01-01 00:00:00' AS t, TIMESTAMP '9999-12-31 23:59:59.999999' AS t2", "0001-01-01T00:00:00.0000000Z", "9999-12-31T23:59:59.9999990Z")]
    [InlineData("SELECT '9999-12-31 23:59:59'::TIMESTAMP_S AS t, '9999-12-31 23:59:59.999'::TIMESTAMP_MS AS t2", "9999-12-31T23:59:59.0000000Z", "9999-12-31T23:59:59.9990000Z")]
    [InlineData("SELECT '1900-01-01 00:00:00.123456789'::TIMESTAMP_NS AS t, '2262-04-11 23:47:16.854775'::TIMESTAMP_NS AS t2", "1900-01-01T00:00:00.1234560Z", "2262-04-11T23:47:16.8547750Z")]
    public async Task Dates_and_timestamps_at_the_edges_of_the_years_the_export_holds_arrive_exactly(string sql, string first, string second)
    {
        var row = Assert.Single(await QueryResults.QueryAsync(_source, sql));
        Assert.Equal([first, second], row.Select(v => v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue).ToString("O") : ((DateTime)v!).ToString("O")));
    }

    [Theory]
    [InlineData("SELECT '-infinity'::DATE AS d", "'d' (DATE)", "infinite date")]
    [InlineData("SELECT DATE '0001-01-01' - 1 AS d", "'d' (DATE)", "outside years 1 to 9999")]
    [InlineData("SELECT 'infinity'::TIMESTAMP_S AS t", "'t' (TIMESTAMP_S)", "infinite timestamp")]
    [InlineData("SELECT '-infinity'::TIMESTAMP_MS AS t", "'t' (TIMESTAMP_MS)", "infinite timestamp")]
    [InlineData("SELECT 'infinity'::TIMESTAMP_NS AS t", "'t' (TIMESTAMP_NS)", "infinite timestamp")]
    [InlineData("SELECT 'infinity'::TIMESTAMPTZ AS t", "'t' (TIMESTAMP WITH TIME ZONE)", "infinite timestamp")]
    [InlineData("SELECT '10000-01-01'::TIMESTAMP_S AS t", "'t' (TIMESTAMP_S)", "outside years 1 to 9999")]
    [InlineData("SELECT (-170141183460469231731687303715884105727)::HUGEINT AS h", "'h' (HUGEINT)", "more than the exporter carries")]
    [InlineData("SELECT '-99999999999999999999999999999999.123456'::DECIMAL(38,6) AS wide", "'wide' (DECIMAL(38,6))", "-99999999999999999999999999999999.123456 has more than 27 significant digits")]
    public async Task Other_values_the_export_cannot_hold_fail_naming_row_and_column(string sql, string column, string reason)
    {
        await using var result = await _source.ExecuteAsync(sql, CancellationToken.None);
        var error = await Assert.ThrowsAsync<SourceException>(() => QueryResults.ReadAllAsync(result));
        Assert.Contains($"row 1 of column {column}", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData(3500, 3000, "row 3001 of column 'late'")]
    [InlineData(3000, 3000, "row 3001 of column 'early'")]
    [InlineData(2047, 2048, "row 2048 of column 'early'")]
    public async Task A_value_error_deep_in_the_stream_names_the_first_bad_row_and_its_leftmost_bad_column(int earlyBadRow, int lateBadRow, string expected)
    {
        await using var result = await _source.ExecuteAsync($"""
            SELECT CASE WHEN i = {earlyBadRow} THEN 'infinity'::DATE ELSE DATE '2000-01-01' END AS early,
                   CASE WHEN i = {lateBadRow} THEN 'infinity'::TIMESTAMP ELSE TIMESTAMP '2000-01-01' END AS late
            FROM range(5000) r(i) ORDER BY i
            """, CancellationToken.None);
        var error = await Assert.ThrowsAsync<SourceException>(() => QueryResults.ReadAllAsync(result, batchSize: 1000));
        Assert.Contains($"cannot export {expected}", error.Message);
    }

    [Fact]
    public async Task Disposing_a_result_mid_stream_leaves_the_source_ready_for_the_next_query()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using (var abandoned = await _source.ExecuteAsync("SELECT i, 'text number ' || i AS label FROM range(1000000) r(i)", CancellationToken.None))
            {
                var batch = new RowBatch(abandoned.Schema, 3000);
                Assert.True(await abandoned.ReadAsync(batch, CancellationToken.None));
                Assert.Equal(3000, batch.Count);
                Assert.Equal("text number 2999", batch.GetValue(2999, 1));
            }

            var rows = await QueryResults.QueryAsync(_source, "SELECT i FROM range(5000) r(i) ORDER BY i");
            Assert.Equal(Enumerable.Range(0, 5000).Select(i => (object?)(long)i), rows.Select(r => r[0]));
        }
    }

    [Fact]
    public async Task The_first_statement_returning_rows_is_exported_after_the_statements_before_it_ran()
    {
        var rows = await QueryResults.QueryAsync(_source, "CREATE TABLE counter AS SELECT 41 AS x; UPDATE counter SET x = x + 1; SELECT x FROM counter");
        Assert.Equal(42, Assert.Single(rows)[0]);
    }

    [Fact]
    public async Task An_empty_result_describe_cannot_wrap_still_knows_its_decimal_precision()
    {
        await using var result = await _source.ExecuteAsync(
            "CREATE TABLE no_amounts AS SELECT 1.5::DECIMAL(10,2) AS amount WHERE false; SELECT * FROM no_amounts", CancellationToken.None);
        Assert.Equal("amount decimal(10,2)", result.Schema.ToString());
        Assert.False(await result.ReadAsync(new RowBatch(result.Schema, 10), CancellationToken.None));
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute, int second, int microsecond) =>
        new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(microsecond * 10L);
}
