using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Cli;
using Handoff.Shared.Databricks.Sql;
using Handoff.SparkJob.Cli;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// <c>spark-job register</c> against the fake workspace's SQL Statement Execution API: the SQL it
/// sends, that a second run changes nothing, a name taken elsewhere, the statements' life cycle,
/// and bad input refused before any request.
/// </summary>
public sealed class RegisterCommandTests : IAsyncLifetime, IDisposable
{
    private const string Location = "abfss://lake@acct.dfs.core.windows.net/delta/customers";
    private readonly TempFolder _temp = new();
    private FakeWorkspace _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeWorkspace.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Registers_the_table_with_describe_then_create_and_a_second_run_changes_nothing()
    {
        var first = await RegisterAsync("--table", Location, "--name", "main.sales.customers", "--warehouse-id", "wh-1");
        var second = await RegisterAsync("--table", Location + "/", "--name", "MAIN.sales.Customers", "--warehouse-id", "wh-1", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal($"registered main.sales.customers at {Location} (warehouse wh-1)\n", first.Out);
        Assert.Equal(
            [
                "DESCRIBE DETAIL `main`.`sales`.`customers`",
                $"CREATE TABLE IF NOT EXISTS `main`.`sales`.`customers` USING DELTA LOCATION '{Location}'",
                "DESCRIBE DETAIL `main`.`sales`.`customers`",
                "DESCRIBE DETAIL `MAIN`.`sales`.`Customers`",
            ],
            _fake.Sql.Submitted);
        var table = Assert.Single(_fake.Sql.Tables.Values);
        Assert.Equal(Location, table.Location);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("unchanged", second.Json().GetProperty("action").GetString());
        Assert.Single(second.Json().GetProperty("statements").EnumerateArray());
        var post = _fake.RequestsTo("POST /api/2.0/sql/statements")[0].Json;
        Assert.Equal(["statement", "warehouse_id", "wait_timeout", "on_wait_timeout"], post.Select(p => p.Key));
        Assert.Equal("wh-1", post["warehouse_id"]!.GetValue<string>());
        Assert.Equal("30s", post["wait_timeout"]!.GetValue<string>());
        Assert.Equal("CONTINUE", post["on_wait_timeout"]!.GetValue<string>());
        Assert.NotEmpty(_fake.RequestsTo("GET /api/2.0/sql/statements/*"));
        Assert.Contains(": PENDING (", first.Error, StringComparison.Ordinal);
        Assert.Contains(": RUNNING (", first.Error, StringComparison.Ordinal);
        Assert.Contains(": SUCCEEDED (", first.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Token, first.Out + first.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_and_the_location_are_quoted_so_they_reach_the_catalog_exactly()
    {
        const string odd = "abfss://lake@acct.dfs.core.windows.net/it's a table";

        var result = await RegisterAsync("--table", odd, "--name", "`my.cat`.`sch``ema`.tbl", "--warehouse-id", "wh-1");
        var again = await RegisterAsync("--table", odd, "--name", "`my.cat`.`sch``ema`.tbl", "--warehouse-id", "wh-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(@"CREATE TABLE IF NOT EXISTS `my.cat`.`sch``ema`.`tbl` USING DELTA LOCATION 'abfss://lake@acct.dfs.core.windows.net/it\'s a table'", _fake.Sql.Submitted);
        Assert.Equal(odd, Assert.Single(_fake.Sql.Tables.Values).Location);
        Assert.Contains("nothing changed", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_of_that_name_elsewhere_or_not_delta_is_an_error_and_is_left_as_it_is()
    {
        _fake.Sql.Add("main.sales.customers", "abfss://other@acct.dfs.core.windows.net/old");
        _fake.Sql.Add("main.sales.orders", Location, format: "parquet");

        var elsewhere = await RegisterAsync("--table", Location, "--name", "main.sales.customers", "--warehouse-id", "wh-1", "--json");
        var parquet = await RegisterAsync("--table", Location, "--name", "main.sales.orders", "--warehouse-id", "wh-1");

        Assert.Equal(ExitCodes.BadInput, elsewhere.ExitCode);
        Assert.Contains("at another location, abfss://other@acct.dfs.core.windows.net/old, not " + Location, elsewhere.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, parquet.ExitCode);
        Assert.Contains("is not a Delta table (format parquet", parquet.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Sql.Submitted, s => s.StartsWith("CREATE", StringComparison.Ordinal));
        Assert.Equal("abfss://other@acct.dfs.core.windows.net/old", _fake.Sql.Tables["main.sales.customers"].Location);
    }

    [Fact]
    public async Task A_table_of_that_name_elsewhere_is_told_to_choose_another_name_flag()
    {
        _fake.Sql.Add("main.sales.customers", "abfss://other@acct.dfs.core.windows.net/old");

        var elsewhere = await RegisterAsync("--table", Location, "--name", "main.sales.customers", "--warehouse-id", "wh-1", "--json");

        Assert.Equal(ExitCodes.BadInput, elsewhere.ExitCode);
        Assert.Equal(
            $"main.sales.customers already exists at another location, abfss://other@acct.dfs.core.windows.net/old, not {Location}; nothing was changed: choose another --name, or drop that table first if it is the one to replace",
            elsewhere.Json().GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/lake/delta/customers", "abfss://lake@acct.dfs.core.windows.net/delta/customers")]
    [InlineData("wasbs://lake@acct.blob.core.windows.net/delta/customers", "abfss://lake@acct.dfs.core.windows.net/delta/customers")]
    [InlineData("/data/delta/customers", "a local folder cannot be registered")]
    public async Task A_location_that_is_not_abfss_is_refused_before_any_request(string location, string expected)
    {
        var result = await RegisterAsync("--table", location, "--name", "main.sales.customers", "--warehouse-id", "wh-1");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--table must be the table's abfss:// location", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData("sales.customers")]
    [InlineData("a.b.c.d")]
    [InlineData("main..customers")]
    public async Task A_name_that_is_not_three_parts_is_refused_before_any_request(string name)
    {
        var result = await RegisterAsync("--table", Location, "--name", name, "--warehouse-id", "wh-1");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith("error: --name", result.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task A_dry_run_prints_the_statements_and_needs_no_workspace()
    {
        var result = await Run(new Dictionary<string, string>(), "register", "--table", Location, "--name", "main.sales.customers", "--warehouse-id", "wh-1", "--dry-run", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["DESCRIBE DETAIL `main`.`sales`.`customers`", $"CREATE TABLE IF NOT EXISTS `main`.`sales`.`customers` USING DELTA LOCATION '{Location}'"],
            result.Json().GetProperty("statements").EnumerateArray().Select(s => s.GetString()));
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task A_refused_create_exits_2_with_the_warehouse_s_message_and_a_service_failure_exits_5()
    {
        _fake.Sql.Refuse = sql => sql.StartsWith("CREATE", StringComparison.Ordinal) ? ("BAD_REQUEST", "[INSUFFICIENT_PERMISSIONS] User does not have CREATE EXTERNAL TABLE on External Location 'lake'.", "42501") : null;
        var refused = await RegisterAsync("--table", Location, "--name", "main.sales.customers", "--warehouse-id", "wh-1");
        _fake.Sql.Refuse = _ => ("INTERNAL_ERROR", "Something went wrong", null);
        var broken = await RegisterAsync("--table", Location, "--name", "main.sales.customers", "--warehouse-id", "wh-1");

        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("ended FAILED: BAD_REQUEST [INSUFFICIENT_PERMISSIONS]", refused.Error, StringComparison.Ordinal);
        Assert.Contains("(SQLSTATE 42501)", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.RunFailed, broken.ExitCode);
        Assert.Empty(_fake.Sql.Tables);
    }

    [Fact]
    public async Task A_statement_still_running_when_the_wait_ends_is_cancelled_on_the_warehouse()
    {
        _fake.Sql.Polls = int.MaxValue;

        var result = await RegisterAsync("--table", Location, "--name", "main.sales.customers", "--warehouse-id", "wh-1", "--timeout", "1s");

        Assert.Equal(ExitCodes.RunFailed, result.ExitCode);
        Assert.Contains("was still RUNNING after", result.Error, StringComparison.Ordinal);
        Assert.Single(_fake.RequestsTo("POST /api/2.0/sql/statements/*"));
        Assert.EndsWith("/cancel", _fake.RequestsTo("POST /api/2.0/sql/statements/*")[0].Path, StringComparison.Ordinal);
        Assert.Empty(_fake.Sql.Tables);
    }

    [Fact]
    public async Task The_fake_refuses_what_the_sdk_model_does_not_allow()
    {
        using var http = new HttpClient { BaseAddress = _fake.Host };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _fake.Token);
        var unknown = await http.PostAsJsonAsync("api/2.0/sql/statements", new JsonObject { ["statement"] = "SELECT 1", ["warehouse_id"] = "w", ["warehouse"] = "w" });
        var wait = await http.PostAsJsonAsync("api/2.0/sql/statements", new JsonObject { ["statement"] = "SELECT 1", ["warehouse_id"] = "w", ["wait_timeout"] = "60s" });
        var missing = await http.PostAsJsonAsync("api/2.0/sql/statements", new JsonObject { ["statement"] = "SELECT 1" });
        var async = await http.PostAsJsonAsync("api/2.0/sql/statements", new JsonObject { ["statement"] = "SELECT 1", ["warehouse_id"] = "w", ["wait_timeout"] = "0s" });

        Assert.Equal(400, (int)unknown.StatusCode);
        Assert.Contains("unknown field: warehouse", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(400, (int)wait.StatusCode);
        Assert.Equal(400, (int)missing.StatusCode);
        Assert.Equal("PENDING", JsonNode.Parse(await async.Content.ReadAsStringAsync())!["status"]!["state"]!.GetValue<string>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExecuteStatementRequest { Statement = "SELECT 1", WarehouseId = "w", WaitTimeout = "60s" }.Validate());
    }

    private Task<CliResult> RegisterAsync(params string[] args) => Run(
        new Dictionary<string, string> { ["DATABRICKS_HOST"] = _fake.Host.ToString(), ["DATABRICKS_TOKEN"] = _fake.Token },
        ["register", .. args]);

    private async Task<CliResult> Run(Dictionary<string, string> variables, params string[] args)
    {
        variables["HOME"] = _temp.Path;
        var environment = new SparkJobEnvironment
        {
            GetVariable = name => variables.GetValueOrDefault(name),
            SqlStatements = new StatementWaitOptions { PollInterval = _ => TimeSpan.FromMilliseconds(1) },
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SparkJobCli.RunAsync(args, new CliConsole(stdout, stderr, ErrorIsTerminal: false), environment, CancellationToken.None);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
