using Handoff.Tests.Fixtures.SparkConnect;
using Handoff.Tests.Support;
using Spark.Connect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary><c>vacuum --engine spark</c> against the fake Spark Connect server: Delta's own VACUUM, with our window check first.</summary>
public sealed class SparkVacuumCommandTests : IAsyncLifetime, IDisposable
{
    private const string Table = "sales.customers";
    private readonly TempFolder _temp = new();
    private FakeSparkConnectServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSparkConnectServer.StartAsync();
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);
        var load = await SparkCli.RunAsync("load", "--engine", "spark", "--remote", _server.Remote, "--manifest", manifest, "--table", Table);
        Assert.True(load.ExitCode == 0, load.ToString());
        _server.Spark.Upkeep.Removed[Table] = [("abfss://c@a.dfs.core.windows.net/t/old.parquet", 1000, 200), ("abfss://c@a.dfs.core.windows.net/t/recent.parquet", 500, 2)];
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_default_window_runs_deltas_vacuum_and_reports_what_its_logged_commits_say()
    {
        var vacuum = await VacuumAsync("--json");

        Assert.True(vacuum.ExitCode == 0, vacuum.ToString());
        var json = vacuum.Json();
        Assert.Equal(1, json.GetProperty("files").GetInt64());
        Assert.Equal(1000, json.GetProperty("bytes").GetInt64());
        Assert.Equal(168, json.GetProperty("retentionHours").GetDouble());
        var statements = _server.Statements();
        Assert.Contains("SHOW TBLPROPERTIES `sales`.`customers`", statements);
        Assert.Contains("VACUUM `sales`.`customers`", statements);
        var sets = _server.Requests<ConfigRequest>("Config").Where(c => c.Operation.Set is not null).SelectMany(c => c.Operation.Set.Pairs).ToList();
        Assert.Contains(sets, p => p.Key == "spark.databricks.delta.vacuum.logging.enabled" && p.Value == "true");
        Assert.DoesNotContain(sets, p => p.Key == "spark.databricks.delta.retentionDurationCheck.enabled");
        Assert.DoesNotContain(_server.Spark.SessionConfs.Values.SelectMany(c => c.Keys), k => k.StartsWith("spark.databricks.delta", StringComparison.Ordinal));
        Assert.Equal(["VACUUM START", "VACUUM END"], _server.Spark.Table(Table)!.Commits.TakeLast(2).Select(c => c.Operation));
    }

    [Fact]
    public async Task A_zero_hour_window_with_force_turns_deltas_check_off_for_the_statement()
    {
        var vacuum = await VacuumAsync("--retain-hours", "0", "--force", "--json");

        Assert.True(vacuum.ExitCode == 0, vacuum.ToString());
        Assert.Equal(2, vacuum.Json().GetProperty("files").GetInt64());
        Assert.Equal(1500, vacuum.Json().GetProperty("bytes").GetInt64());
        Assert.Contains("VACUUM `sales`.`customers` RETAIN 0 HOURS", _server.Statements());
        var sets = _server.Requests<ConfigRequest>("Config").Where(c => c.Operation.Set is not null).SelectMany(c => c.Operation.Set.Pairs).ToList();
        Assert.Contains(sets, p => p.Key == "spark.databricks.delta.retentionDurationCheck.enabled" && p.Value == "false");
        Assert.DoesNotContain(_server.Spark.SessionConfs.Values.SelectMany(c => c.Keys), k => k.StartsWith("spark.databricks.delta", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_window_below_the_tables_setting_without_force_is_refused_before_anything_is_sent()
    {
        _server.Spark.Upkeep.Properties[Table] = new Dictionary<string, string> { ["delta.deletedFileRetentionDuration"] = "interval 2 days" };

        var vacuum = await VacuumAsync("--retain-hours", "24");

        Assert.True(vacuum.ExitCode == 2, vacuum.ToString());
        Assert.Contains("48 hours", vacuum.Error, StringComparison.Ordinal);
        Assert.Contains("--force", vacuum.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Statements(), s => s.StartsWith("VACUUM", StringComparison.Ordinal));
        Assert.Equal(2, _server.Spark.Upkeep.Removed[Table].Count);
    }

    [Fact]
    public async Task A_dry_run_lists_the_paths_and_deletes_nothing()
    {
        var vacuum = await VacuumAsync("--retain-hours", "1", "--force", "--dry-run", "--json");
        var human = await VacuumAsync("--retain-hours", "1", "--force", "--dry-run");

        Assert.True(vacuum.ExitCode == 0, vacuum.ToString());
        Assert.Equal(2, vacuum.Json().GetProperty("files").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, vacuum.Json().GetProperty("bytes").ValueKind);
        Assert.Contains("VACUUM `sales`.`customers` RETAIN 1 HOURS DRY RUN", _server.Statements());
        Assert.Equal(2, _server.Spark.Upkeep.Removed[Table].Count);
        Assert.Contains("would delete abfss://c@a.dfs.core.windows.net/t/old.parquet", human.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Spark.Table(Table)!.Commits, c => c.Operation.StartsWith("VACUUM", StringComparison.Ordinal));
    }

    private Task<CliResult> VacuumAsync(params string[] args) =>
        SparkCli.RunAsync(["vacuum", "--engine", "spark", "--remote", _server.Remote, "--table", Table, .. args]);
}
