using Avro.File;
using Avro.Generic;
using DuckDB.NET.Data;
using Handoff.Exporter.Sources;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Export;

/// <summary>
/// Exports of the sample read back by independent readers — DuckDB for Parquet, CSV and JSON,
/// Apache.Avro for Avro — and compared row for row with the source table.
/// </summary>
public sealed class ExportReadBackTests : IDisposable
{
    private const int Rows = 3000;
    private readonly TempFolder _temp = new();
    private readonly string _database;

    public ExportReadBackTests()
    {
        _database = _temp.Combine("sample.duckdb");
        SampleCustomer360.CreateDatabaseFileAsync(_database, Rows, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("parquet", "snappy", "read_parquet('{0}')")]
    [InlineData("parquet", "zstd", "read_parquet('{0}')")]
    [InlineData("parquet", "gzip", "read_parquet('{0}')")]
    [InlineData("parquet", "none", "read_parquet('{0}')")]
    [InlineData("csv", "none", "read_csv('{0}', header = true, columns = {1})")]
    [InlineData("csv", "gzip", "read_csv('{0}', header = true, columns = {1})")]
    [InlineData("json", "none", "read_json('{0}', format = 'newline_delimited', columns = {1})")]
    [InlineData("json", "gzip", "read_json('{0}', format = 'newline_delimited', columns = {1})")]
    public async Task DuckDB_reads_back_exactly_the_source_rows(string format, string compression, string reader)
    {
        var files = await ExportAsync(format, compression);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("SET TimeZone = 'UTC'");
        connection.Execute($"ATTACH '{_database}' AS source (READ_ONLY)");
        var exported = string.Format(System.Globalization.CultureInfo.InvariantCulture, reader, files, ColumnTypes(connection));
        Assert.Equal(Rows, connection.Scalar($"SELECT count(*) FROM {exported}"));
        Assert.Equal(0, connection.Scalar($"SELECT count(*) FROM (SELECT * FROM source.customer_360 EXCEPT ALL SELECT * FROM {exported})"));
        Assert.Equal(0, connection.Scalar($"SELECT count(*) FROM (SELECT * FROM {exported} EXCEPT ALL SELECT * FROM source.customer_360)"));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("deflate")]
    [InlineData("snappy")]
    public async Task Apache_Avro_reads_back_every_row(string codec)
    {
        Handoff.Tests.Support.AvroSnappyCodec.Register();
        var files = await ExportAsync("avro", codec);
        var ids = new List<long>();
        var emails = 0;
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(files)!, "*.avro"))
        {
            using var reader = DataFileReader<GenericRecord>.OpenReader(path);
            while (reader.HasNext())
            {
                var record = reader.Next();
                ids.Add((long)record["customer_id"]);
                emails += record["email"] is string ? 1 : 0;
            }
        }

        using var connection = new DuckDBConnection($"Data Source={_database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        Assert.Equal(Enumerable.Range(1, Rows).Select(i => (long)i).ToList(), ids.Order().ToList());
        Assert.Equal(connection.Scalar("SELECT count(email) FROM customer_360"), emails);
    }

    private async Task<string> ExportAsync(string format, string compression)
    {
        var to = _temp.Combine("out-" + format + "-" + compression);
        var result = await Cli.ExporterAsync("export", "--source", "duckdb:" + _database, "--query", SampleCustomer360.Query, "--format", format, "--compression", compression, "--to", to, "--export-id", "e1", "--split-rows", "1000");
        Assert.True(result.ExitCode == 0, result.ToString());
        return Path.Combine(to, "e1", "part-*");
    }

    private static string ColumnTypes(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = 'source' AND table_name = 'customer_360' ORDER BY ordinal_position";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add($"'{reader.GetString(0)}': '{reader.GetString(1)}'");
        }

        return "{" + string.Join(", ", columns) + "}";
    }
}
