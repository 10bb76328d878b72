using Handoff.Shared.Cli;
using Handoff.Tests.Fixtures.SparkConnect;
using Handoff.Tests.Support;
using Spark.Connect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>
/// <c>load --exports</c> and <c>validate --exports</c> with <c>--engine spark</c>, the way the
/// scheduled job runs them on Databricks, against the fake Spark Connect server: what the
/// stream loaded comes from DESCRIBE HISTORY, and Delta's txn confs still guard every write.
/// </summary>
public sealed class SparkLoadExportsTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _temp = new();
    private FakeSparkConnectServer _server = null!;

    private string Exports => _temp.Combine("exports");

    public async Task InitializeAsync() => _server = await FakeSparkConnectServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Daily_overwrites_load_each_new_day_once_and_a_day_with_nothing_new_writes_nothing()
    {
        for (var day = 1; day <= 3; day++)
        {
            await SparkCli.ExportAsync(Exports, $"day{day}", "parquet", day * 10);
            var load = await LoadAsync("main.sales.customers", "--json");
            Assert.True(load.ExitCode == 0, load.ToString());
            Assert.Equal($"day{day}", load.Json().GetProperty("loads")[0].GetProperty("exportId").GetString());
        }

        var writes = _server.Spark.WritesExecuted;
        var fourth = await LoadAsync("main.sales.customers");
        var required = await LoadAsync("main.sales.customers", "--require-new");
        var validate = await SparkCli.RunAsync(["validate", "--engine", "spark", "--remote", _server.Remote, "--exports", Exports, "--table", "main.sales.customers", "--json"]);

        var table = _server.Spark.Table("main.sales.customers")!;
        Assert.Equal(30, table.Current.Rows);
        Assert.Equal(["day1", "day2", "day3"], table.Commits.Where(c => c.Operation == "WRITE").Select(c => c.UserMetadata));
        Assert.True(fourth.ExitCode == 0, fourth.ToString());
        Assert.StartsWith("nothing new under ", fourth.Out, StringComparison.Ordinal);
        Assert.Contains("export day3", fourth.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NothingNew, required.ExitCode);
        Assert.Equal(writes, _server.Spark.WritesExecuted);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Equal("day3", validate.Json().GetProperty("report").GetProperty("exportId").GetString());
    }

    [Fact]
    public async Task Appends_load_every_export_not_in_the_history_oldest_first_each_under_its_own_txn()
    {
        await SparkCli.ExportAsync(Exports, "day1", "parquet", 10);
        Assert.Equal(0, (await LoadAsync("t", "--mode", "append")).ExitCode);
        await SparkCli.ExportAsync(Exports, "day2", "csv", 20);
        await SparkCli.ExportAsync(Exports, "day3", "parquet", 30);

        var load = await LoadAsync("t", "--mode", "append", "--json");
        var again = await LoadAsync("t", "--mode", "append", "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(["day2", "day3"], load.Json().GetProperty("loads").EnumerateArray().Select(l => l.GetProperty("exportId").GetString()));
        var table = _server.Spark.Table("t")!;
        Assert.Equal(60, table.Current.Rows);
        Assert.Equal(["t#export=day1", "t#export=day2", "t#export=day3"], table.Transactions.Keys.Order(StringComparer.Ordinal));
        Assert.True(again.Json().GetProperty("nothingNew").GetBoolean(), again.ToString());
        var history = _server.Requests<ExecutePlanRequest>("ExecutePlan").Count(r => r.Plan.Root?.Sql?.Query?.StartsWith("DESCRIBE HISTORY", StringComparison.Ordinal) == true);
        Assert.True(history > 0);
    }

    [Fact]
    public async Task A_table_that_does_not_exist_yet_has_loaded_nothing()
    {
        await SparkCli.ExportAsync(Exports, "day1", "parquet", 10);

        var validate = await SparkCli.RunAsync(["validate", "--engine", "spark", "--remote", _server.Remote, "--exports", Exports, "--table", "new_table"]);
        var load = await LoadAsync("new_table", "--json");

        Assert.True(validate.ExitCode == ExitCodes.BadInput, validate.ToString());
        Assert.Contains("has loaded no export into new_table", validate.Error, StringComparison.Ordinal);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(10, _server.Spark.Table("new_table")!.Current.Rows);
    }

    [Fact]
    public async Task Validating_a_table_the_stream_never_loaded_says_which_load_to_run()
    {
        await SparkCli.ExportAsync(Exports, "day1", "parquet", 10);

        var validate = await SparkCli.RunAsync(["validate", "--engine", "spark", "--remote", _server.Remote, "--exports", Exports, "--table", "new_table"]);

        Assert.True(validate.ExitCode == ExitCodes.BadInput, validate.ToString());
        Assert.Equal($"error: stream 'new_table' has loaded no export into new_table yet, so there is nothing to validate against; load one first (spark-job load --exports {Exports} --table new_table){Environment.NewLine}", validate.Error);
    }

    private Task<CliResult> LoadAsync(string table, params string[] more) =>
        SparkCli.RunAsync(["load", "--engine", "spark", "--remote", _server.Remote, "--exports", Exports, "--table", table, .. more]);
}
