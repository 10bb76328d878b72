using DuckDB.NET.Data;
using Handoff.Tests.Fixtures;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Export;

/// <summary>The export command against a real PostgreSQL server, read back by DuckDB.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ExportFromPostgresTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("parquet", "read_parquet('{0}')")]
    [InlineData("csv", "read_csv('{0}', header = true, columns = {{'id': 'BIGINT', 'name': 'VARCHAR', 'amount': 'DECIMAL(12,2)', 'seen_at': 'TIMESTAMPTZ', 'born': 'DATE', 'active': 'BOOLEAN'}})")]
    [InlineData("json", "read_json('{0}', format = 'newline_delimited', columns = {{'id': 'BIGINT', 'name': 'VARCHAR', 'amount': 'DECIMAL(12,2)', 'seen_at': 'TIMESTAMPTZ', 'born': 'DATE', 'active': 'BOOLEAN'}})")]
    public async Task A_postgres_query_exports_and_reads_back_with_the_same_values(string format, string reader)
    {
        var table = "customers_" + format;
        await postgres.ExecuteAsync($"""
            DROP TABLE IF EXISTS {table};
            CREATE TABLE {table} (id bigint PRIMARY KEY, name text, amount numeric(12,2), seen_at timestamptz, born date, active boolean);
            INSERT INTO {table}
            SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'name ' || g || ', "quoted"' END, (g * 1.25)::numeric(12,2),
                   timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute 0.000123 second', date '1990-01-01' + g, g % 2 = 0
            FROM generate_series(1, 2500) g;
            """);

        var result = await Cli.ExporterAsync("export", "--source", "postgres:" + postgres.ConnectionString, "--query", $"SELECT * FROM {table} ORDER BY id", "--format", format, "--to", _temp.Path, "--export-id", "pg", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2500, result.Json().GetProperty("rowCount").GetInt64());
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'";
        command.ExecuteNonQuery();
        command.CommandText = "SELECT count(*), count(name), sum(id)::BIGINT, sum(amount)::DECIMAL(18,2), max(seen_at)::VARCHAR, min(born)::VARCHAR, count(*) FILTER (WHERE active) FROM "
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, reader, Path.Combine(_temp.Path, "pg", "part-*"));
        using var row = command.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal(2500L, row.GetInt64(0));
        Assert.Equal(2500L - (2500 / 7), row.GetInt64(1));
        Assert.Equal(2500L * 2501 / 2, Convert.ToInt64(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2500m * 2501 / 2 * 1.25m, Convert.ToDecimal(row.GetValue(3), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2024-01-02 17:40:00.3075+00", row.GetString(4));
        Assert.Equal("1990-01-02", row.GetString(5));
        Assert.Equal(1250L, row.GetInt64(6));
    }
}
