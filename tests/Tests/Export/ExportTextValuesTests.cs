using DuckDB.NET.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Tests.Formats;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Export;

/// <summary>
/// Text that breaks naive writers (delimiters, quotes, line breaks, control characters, non-ASCII,
/// empty strings and NULLs), exported from DuckDB — whose strings travel to the writers as UTF-8
/// bytes — and read back by DuckDB row for row, across files split mid-batch.
/// </summary>
public sealed class ExportTextValuesTests : IDisposable
{
    private const int Copies = 300;
    private static readonly TableSchema Schema = new([new Column("id", LogicalType.Long, Nullable: true), new Column("s", LogicalType.String, Nullable: true)]);

    private readonly TempFolder _temp = new();
    private readonly string _database;

    public ExportTextValuesTests()
    {
        _database = _temp.Combine("texts.duckdb");
        using var connection = new DuckDBConnection($"Data Source={_database}");
        connection.Open();
        connection.Execute("CREATE TABLE seed (id BIGINT, s VARCHAR)");
        string?[] values = [.. AllTypes.NastyStrings, null, "\u0001control", "line\u2028separator", "日本語日本語日本語", "a\"\"b", "tab\tand,comma|pipe\\back"];
        for (var i = 0; i < values.Length; i++)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO seed VALUES ($1, $2)";
            insert.Parameters.Add(new DuckDBParameter(i));
            insert.Parameters.Add(new DuckDBParameter((object?)values[i] ?? DBNull.Value));
            insert.ExecuteNonQuery();
        }

        // Enough rows for several batches, so that files are cut inside a batch.
        connection.Execute($"CREATE TABLE texts AS SELECT copy * 1000 + id AS id, s FROM seed, range({Copies}) AS r(copy) ORDER BY 1");
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("needed")]
    [InlineData("non-null")]
    public async Task CSV_text_values_read_back_exactly(string quoteMode)
    {
        var folder = await ExportAsync("csv", "--csv-quote-mode", quoteMode, "--csv-delimiter", "pipe", "--csv-escape", "\\");

        var options = new CsvOptions { Delimiter = '|', Escape = '\\', QuoteMode = quoteMode == "needed" ? CsvQuoteMode.Needed : CsvQuoteMode.NonNull };
        AssertSameRows(CsvFormatTests.ReadCsv(Path.Combine(folder, "part-*.csv"), options, "none", Schema));
    }

    [Fact]
    public async Task NDJSON_text_values_read_back_exactly()
    {
        var folder = await ExportAsync("json");

        AssertSameRows($"read_json({DuckDb.Literal(Path.Combine(folder, "part-*.json"))}, format = 'newline_delimited', columns = {DuckDb.ColumnsStruct(Schema)})");
    }

    [Fact]
    public async Task Parquet_text_values_read_back_exactly()
    {
        var folder = await ExportAsync("parquet");

        AssertSameRows($"read_parquet({DuckDb.Literal(Path.Combine(folder, "part-*.parquet"))})");
    }

    private async Task<string> ExportAsync(string format, params string[] options)
    {
        var to = _temp.Combine("out-" + format + "-" + string.Join("-", options).Replace("\\", "bs", StringComparison.Ordinal));
        var result = await Cli.ExporterAsync(["export", "--source", "duckdb:" + _database, "--query", "SELECT id, s FROM texts ORDER BY id", "--format", format, "--to", to, "--export-id", "e1", "--split-rows", "2500", .. options]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(Directory.GetFiles(Path.Combine(to, "e1"), "part-*").Length > 1, "the export is split into several files");
        return Path.Combine(to, "e1");
    }

    private void AssertSameRows(string exported)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute($"ATTACH {DuckDb.Literal(_database)} AS source (READ_ONLY)");
        Assert.Equal(connection.Scalar("SELECT count(*) FROM source.texts"), connection.Scalar($"SELECT count(*) FROM {exported}"));
        Assert.Equal(0, connection.Scalar($"SELECT count(*) FROM (SELECT id, s FROM source.texts EXCEPT ALL SELECT id, s FROM {exported})"));
        Assert.Equal(0, connection.Scalar($"SELECT count(*) FROM (SELECT id, s FROM {exported} EXCEPT ALL SELECT id, s FROM source.texts)"));
    }
}
