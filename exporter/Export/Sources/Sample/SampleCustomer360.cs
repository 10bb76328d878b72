using System.Globalization;
using DuckDB.NET.Data;
using Handoff.Exporter.Sources.DuckDb;

namespace Handoff.Exporter.Sources;

/// <summary>
/// A made-up "customer 360" table for demos and benchmarks (<c>--sample-rows</c>). Values are
/// derived from the row number with DuckDB's hash(), so the same row count gives the same rows,
/// in the same order, every time (for a given DuckDB version). Twenty-three columns cover every
/// logical type but binary, with NULLs in several. An export of the sample generates its rows a
/// segment at a time as it reads them (<see cref="SampleSource"/>), so memory does not grow with
/// the row count; <see cref="CreateDatabaseFileAsync"/> stores the same rows in a table.
/// </summary>
public static class SampleCustomer360
{
    public const string TableName = "customer_360";

    /// <summary>
    /// The most rows the sample offers: a billion, far beyond any demo or benchmark, yet a bound
    /// (a sample of 2^63 rows would run for centuries).
    /// </summary>
    public const long MaxRows = 1_000_000_000;

    /// <summary>
    /// The query an export of the sample runs: every column. DuckDB keeps insertion order for a
    /// plain scan, so rows come in customer_id order without the cost of a sort.
    /// </summary>
    public const string Query = "SELECT * FROM " + TableName;

    /// <summary>A source of <paramref name="rows"/> sample rows, generated as <see cref="Query"/> reads them, in an in-memory DuckDB the source owns.</summary>
    public static Task<IQuerySource> CreateSourceAsync(long rows, CancellationToken cancellationToken)
    {
        // One segment and DuckDB's working memory fit well within this; it caps what DuckDB keeps cached.
        // What spills goes to a folder of this source's own: DuckDB's default, .tmp in the working
        // folder, is shared by every database in the process and the folder, so two exports of the
        // sample at once overwrote each other's spill files (and the first to close removed the
        // folder under the other). DuckDB removes a temp folder it created when the database closes.
        var spill = Path.Combine(Path.GetTempPath(), $"handoff-duckdb-sample-{Guid.NewGuid():N}").Replace("'", "''", StringComparison.Ordinal);
        var connection = Open(SourceSpec.InMemory, rows, $"SET memory_limit = '{SampleSource.MemoryLimit}'; SET temp_directory = '{spill}'", cancellationToken);
        return Task.FromResult<IQuerySource>(new SampleSource(connection, rows));
    }

    /// <summary>
    /// Writes the sample into a DuckDB database file, so that benchmarks and tests can export it
    /// with <c>--source duckdb:&lt;file&gt;</c> and compare against DuckDB reading the same table.
    /// </summary>
    public static Task CreateDatabaseFileAsync(string path, long rows, CancellationToken cancellationToken)
    {
        // The row numbers go into a table first: range() is scanned by one thread, a table by all.
        var sql = CreateTable + $"CREATE TEMP TABLE sample_row_numbers AS SELECT range AS i FROM {RowRange(rows)};\n"
            + $"INSERT INTO {TableName} {Select("sample_row_numbers")};\nDROP TABLE sample_row_numbers;";
        using var connection = Open(path, rows, sql, cancellationToken);
        return Task.CompletedTask;
    }

    private static DuckDBConnection Open(string dataSource, long rows, string sql, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxRows);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = new DuckDBConnection("Data Source=" + dataSource);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static string RowRange(long rows) => $"range({rows.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>The sample's rows for the row numbers in <paramref name="rowSource"/> (a table or table function with a column i).</summary>
    internal static string Select(string rowSource) => SelectTemplate.Replace("{ROWS}", rowSource, StringComparison.Ordinal);

    private const string CreateTable = """
        CREATE TABLE customer_360 (
          customer_id BIGINT NOT NULL,
          amperity_id VARCHAR NOT NULL,
          given_name VARCHAR,
          surname VARCHAR,
          email VARCHAR,
          phone VARCHAR,
          address_line1 VARCHAR,
          city VARCHAR,
          state VARCHAR,
          postal_code VARCHAR,
          country VARCHAR,
          birth_date DATE,
          created_at TIMESTAMPTZ NOT NULL,
          last_order_at TIMESTAMP,
          lifetime_value DECIMAL(18,2),
          order_count INTEGER,
          credit_score SMALLINT,
          household_size TINYINT,
          is_subscribed BOOLEAN,
          loyalty_tier VARCHAR,
          preferred_channel VARCHAR,
          email_open_rate FLOAT,
          churn_score DOUBLE
        );

        """;

    // hash(i, k) gives each column its own stream of pseudo-random numbers. The h*-modulo choices
    // put NULLs in email (5%), phone (10%), birth_date (4%), last_order_at (~14%), is_subscribed (2%),
    // loyalty_tier (25%) and email_open_rate (5%). Every column is cast to the table's type, so the
    // view and the table have the same schema. Timestamps come from make_timestamp(tz) over epoch
    // microseconds, not interval arithmetic, which for TIMESTAMPTZ goes through ICU and costs more
    // than all the other columns together. {ROWS} is the source of the row numbers i.
    private const string SelectTemplate = """
        WITH seeds AS (
          SELECT i,
                 hash(i, 1) AS h1, hash(i, 2) AS h2, hash(i, 3) AS h3, hash(i, 4) AS h4,
                 hash(i, 5) AS h5, hash(i, 6) AS h6, hash(i, 7) AS h7, hash(i, 8) AS h8,
                 1 + (hash(i, 9) % 20)::BIGINT AS place,
                 1 + (hash(i, 10) % 20)::BIGINT AS given_index,
                 1 + (hash(i, 11) % 20)::BIGINT AS family_index
          FROM {ROWS} AS row_numbers(i)
        ),
        named AS (
          SELECT *,
                 (['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth',
                   'William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah','Carlos','Aiko'])[given_index] AS given,
                 (['james','mary','robert','patricia','john','jennifer','michael','linda','david','elizabeth',
                   'william','barbara','richard','susan','joseph','jessica','thomas','sarah','carlos','aiko'])[given_index] AS given_lower,
                 (['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez',
                   'Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Nakamura'])[family_index] AS family,
                 (['smith','johnson','williams','brown','jones','garcia','miller','davis','rodriguez','martinez',
                   'hernandez','lopez','gonzalez','wilson','anderson','thomas','taylor','moore','jackson','nakamura'])[family_index] AS family_lower
          FROM seeds
        )
        SELECT
          (i + 1)::BIGINT AS customer_id,
          format('{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}', h1 >> 32, (h1 >> 16) & 65535, h1 & 4095, 32768 | (h2 >> 50), h2 & 281474976710655)::VARCHAR AS amperity_id,
          given::VARCHAR AS given_name,
          family::VARCHAR AS surname,
          (CASE WHEN h6 % 20 = 0 THEN NULL
               ELSE concat(given_lower, '.', family_lower, i + 1, (['@example.com','@mail.test','@inbox.test','@corp.test'])[1 + (h7 % 4)::BIGINT]) END)::VARCHAR AS email,
          (CASE WHEN h7 % 10 = 0 THEN NULL ELSE concat('+1-', 200 + h1 % 800, '-', 100 + h2 % 900, '-', 1000 + h3 % 9000) END)::VARCHAR AS phone,
          concat(1 + h8 % 9999, ' ', (['Main','Oak','Pine','Maple','Cedar','Elm','Washington','Lake','Hill','Park'])[1 + (h6 % 10)::BIGINT],
                 ' ', (['St','Ave','Blvd','Rd','Ln'])[1 + (h5 % 5)::BIGINT])::VARCHAR AS address_line1,
          (['Seattle','Portland','Denver','Austin','Chicago','Boston','Atlanta','Miami','Phoenix','Nashville',
            'Columbus','Detroit','Raleigh','Omaha','Tucson','Fresno','Tampa','Reno','Boise','Madison'])[place]::VARCHAR AS city,
          (['WA','OR','CO','TX','IL','MA','GA','FL','AZ','TN','OH','MI','NC','NE','AZ','CA','FL','NV','ID','WI'])[place]::VARCHAR AS state,
          lpad((1 + h4 % 99999)::VARCHAR, 5, '0')::VARCHAR AS postal_code,
          (CASE WHEN h8 % 20 = 0 THEN 'CA' ELSE 'US' END)::VARCHAR AS country,
          (CASE WHEN h5 % 25 = 0 THEN NULL ELSE DATE '1940-01-01' + (h6 % 25000)::INTEGER END)::DATE AS birth_date,
          make_timestamptz(1420070400000000 + (h7 % 315360000000000)::BIGINT)::TIMESTAMPTZ AS created_at,
          (CASE WHEN h8 % 7 = 0 THEN NULL ELSE make_timestamp(1577836800000000 + (h1 % 157680000000000)::BIGINT) END)::TIMESTAMP AS last_order_at,
          CAST(CAST(h2 % 2500000 AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2)) AS lifetime_value,
          (h3 % 200)::INTEGER AS order_count,
          (300 + h4 % 551)::SMALLINT AS credit_score,
          (1 + h5 % 8)::TINYINT AS household_size,
          (CASE WHEN h6 % 50 = 0 THEN NULL ELSE h7 % 3 <> 0 END)::BOOLEAN AS is_subscribed,
          (CASE WHEN h8 % 4 = 0 THEN NULL ELSE (['bronze','silver','gold','platinum'])[1 + (h1 % 4)::BIGINT] END)::VARCHAR AS loyalty_tier,
          (['email','sms','push','direct_mail','none'])[1 + (h2 % 5)::BIGINT]::VARCHAR AS preferred_channel,
          (CASE WHEN h6 % 20 = 0 THEN NULL ELSE ((h3 % 1000)::FLOAT / 1000)::FLOAT END)::FLOAT AS email_open_rate,
          ((h4 % 1000000)::DOUBLE / 1000000)::DOUBLE AS churn_score
        FROM named
        """;
}
