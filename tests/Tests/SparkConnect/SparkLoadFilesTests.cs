using Handoff.Tests.Delta.Support;
using Handoff.Tests.Fixtures.SparkConnect;
using Handoff.Tests.Support;
using Spark.Connect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary><c>load --files --engine spark</c>: files without a manifest, read by Spark with the schema their manifest records.</summary>
public sealed class SparkLoadFilesTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _temp = new();
    private FakeSparkConnectServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeSparkConnectServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Parquet_files_from_duckdb_load_through_spark_with_the_schema_of_their_footers()
    {
        var folder = _temp.Combine("amperity");
        Directory.CreateDirectory(folder);
        using (var duck = new DuckDb())
        {
            duck.Execute($"COPY (SELECT CAST(i AS BIGINT) AS id, 'n' || i AS name FROM range(0, 40) t(i)) TO {DuckDb.Quote(Path.Combine(folder, "part-0.parquet"))} (FORMAT PARQUET)");
            duck.Execute($"COPY (SELECT CAST(i AS BIGINT) AS id, 'n' || i AS name FROM range(40, 100) t(i)) TO {DuckDb.Quote(Path.Combine(folder, "part-1.parquet"))} (FORMAT PARQUET)");
        }

        var load = await SparkCli.RunAsync("load", "--engine", "spark", "--remote", _server.Remote, "--files", folder, "--format", "parquet", "--table", "sales.amperity", "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.True(load.Json().GetProperty("passed").GetBoolean(), load.Out);
        Assert.Equal(100, _server.Spark.Table("sales.amperity")!.Current.Rows);
        var read = _server.Requests<ExecutePlanRequest>("ExecutePlan").Select(r => r.Plan.Command?.WriteOperation).Single(w => w is not null)!.Input.Read.DataSource;
        Assert.Equal("`id` BIGINT, `name` STRING", read.Schema);
        Assert.Equal([Path.Combine(folder, "part-0.parquet"), Path.Combine(folder, "part-1.parquet")], read.Paths);
        Assert.StartsWith("files-", _server.Spark.Table("sales.amperity")!.Commits[^1].UserMetadata, StringComparison.Ordinal);
    }
}
