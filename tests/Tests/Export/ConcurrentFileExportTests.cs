using DuckDB.NET.Data;
using Handoff.Tests.Formats;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Export;

/// <summary>
/// Exports from two DuckDB database files that spill at once, in one process (two processes
/// behave the same): each open database spills to a folder of its own. DuckDB names its spill
/// files the same in every database and removes its spill folder when it closes, so databases
/// sharing one folder read each other's blocks ("Corrupt temporary file") or lost them.
/// </summary>
public sealed class ConcurrentFileExportTests : IDisposable
{
    /// <summary>Sorted, these rows take several times the 64 MB a file source may hold in memory, so the sort spills.</summary>
    private const string SpillingQuery = "SELECT id, payload FROM t ORDER BY payload";

    private const int Rows = 1_500_000;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Two_databases_that_spill_at_once_both_export_every_row_in_order()
    {
        var first = CreateDatabase("first.duckdb", seed: 1);
        var second = CreateDatabase("second.duckdb", seed: 2);

        var results = await Task.WhenAll(ExportAsync(first, "a"), ExportAsync(second, "b"));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        AssertSortedExport("a");
        AssertSortedExport("b");
    }

    private Task<CliResult> ExportAsync(string database, string exportId) =>
        Task.Run(() => Cli.ExporterAsync("export", "--source", "duckdb:" + database, "--query", SpillingQuery, "--format", "csv", "--to", _temp.Combine("exports"), "--export-id", exportId));

    private string CreateDatabase(string name, int seed)
    {
        var path = _temp.Combine(name);
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE t AS SELECT range AS id, md5((range * {seed})::VARCHAR) || md5(range::VARCHAR) AS payload FROM range({Rows})";
        command.ExecuteNonQuery();
        return path;
    }

    /// <summary>Every row is there, sorted, as DuckDB reads the CSV back.</summary>
    private void AssertSortedExport(string exportId)
    {
        var csv = DuckDb.Literal(Path.Combine(_temp.Combine("exports"), exportId, "part-00000.csv"));
        var counts = DuckDb.Query($"SELECT count(*), count(DISTINCT id), bool_and(ordered) FROM (SELECT id, payload >= lag(payload, 1, '') OVER (ORDER BY line) AS ordered FROM (SELECT *, row_number() OVER () AS line FROM read_csv({csv})))").Single();
        Assert.Equal([(long)Rows, (long)Rows, true], counts);
    }
}
