using DuckDB.NET.Data;
using Handoff.Exporter.Sources;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// Every table the embedded engine writes is read back by our Delta reader and its data files by
/// DuckDB, with exactly the source's rows and values.
/// </summary>
public sealed class TableRoundTripTests : IDisposable
{
    private const int Rows = 2000;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("parquet")]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("avro")]
    public async Task The_table_holds_exactly_the_source_rows(string format)
    {
        var database = _temp.Combine("sample.duckdb");
        await SampleCustomer360.CreateDatabaseFileAsync(database, Rows, CancellationToken.None);
        var export = await Cli.ExporterAsync("export", "--source", "duckdb:" + database, "--query", SampleCustomer360.Query, "--format", format, "--split-rows", "700", "--to", _temp.Combine("exports"), "--export-id", "e1", "--json");
        Assert.True(export.ExitCode == 0, export.ToString());
        var table = _temp.Combine("table");

        var load = await Cli.SparkJobAsync("load", "--manifest", export.Json().GetProperty("manifest").GetString()!, "--table", table);

        Assert.True(load.ExitCode == 0, load.ToString());
        var inspect = await Cli.SparkJobAsync("inspect", "--table", table, "--json");
        Assert.Equal(Rows, inspect.Json().GetProperty("rowCount").GetInt64());
        Assert.Equal(3, inspect.Json().GetProperty("files").GetInt32());

        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var files = Path.Combine(table, "e1", "*", "*.parquet"); // <export-id>/<load-id>/<file>
        duck.Execute("SET TimeZone = 'UTC'");
        duck.Execute($"ATTACH '{database}' AS source (READ_ONLY)");
        Assert.Equal(Rows, duck.Scalar($"SELECT count(*) FROM read_parquet('{files}')"));
        Assert.Equal(0, duck.Scalar($"SELECT count(*) FROM (SELECT * FROM source.customer_360 EXCEPT ALL SELECT * FROM read_parquet('{files}'))"));
        Assert.Equal(0, duck.Scalar($"SELECT count(*) FROM (SELECT * FROM read_parquet('{files}') EXCEPT ALL SELECT * FROM source.customer_360)"));
    }
}
