using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Upkeep;

/// <summary><c>spark-job history</c> on a local table: versions, exports, rows and the recorded validation.</summary>
public sealed class HistoryCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Exports => _temp.Combine("exports");

    private string Table => _temp.Combine("table");

    [Fact]
    public async Task Each_version_shows_its_export_rows_added_and_removed_and_validation_newest_first()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100, 250, 180);

        var history = await Cli.SparkJobAsync("history", "--table", Table, "--json");

        Assert.True(history.ExitCode == 0, history.ToString());
        var versions = history.Json().GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([2L, 1L, 0L], versions.Select(v => v.GetProperty("version").GetInt64()));
        Assert.Equal(["day3", "day2", "day1"], versions.Select(v => v.GetProperty("exportId").GetString()));
        Assert.Equal([180L, 250L, 100L], versions.Select(v => v.GetProperty("rowsAdded").GetInt64()));
        Assert.Equal([250L, 100L, 0L], versions.Select(v => v.GetProperty("rowsRemoved").GetInt64()));
        Assert.All(versions, v => Assert.True(v.GetProperty("validation").GetProperty("passed").GetBoolean()));
        Assert.All(versions, v => Assert.Equal(v.GetProperty("version").GetInt64(), v.GetProperty("validation").GetProperty("tableVersion").GetInt64()));
        Assert.All(versions, v => Assert.Equal("load", v.GetProperty("validation").GetProperty("operation").GetString()));
        Assert.All(versions, v => Assert.False(string.IsNullOrEmpty(v.GetProperty("timestamp").GetString())));
        Assert.Equal("WRITE", versions[0].GetProperty("operation").GetString());
    }

    [Fact]
    public async Task A_failed_validation_and_its_rollback_show_in_the_history()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100);
        var lying = await DailyTable.ExportAsync(Exports, "day2", 200, []);
        await ManifestEdits.RewriteAsync(lying, m => m with { RowCount = 201, Files = [m.Files[0] with { Rows = 201 }] });
        var load = await Cli.SparkJobAsync("load", "--manifest", lying, "--table", Table, "--rollback-on-failure");
        Assert.True(load.ExitCode == 1, load.ToString());

        var json = await Cli.SparkJobAsync("history", "--table", Table, "--json");
        var human = await Cli.SparkJobAsync("history", "--table", Table);

        var versions = json.Json().GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(3, versions.Count);
        var failed = versions.Single(v => v.GetProperty("exportId").GetString() == "day2");
        Assert.False(failed.GetProperty("validation").GetProperty("passed").GetBoolean());
        Assert.True(failed.GetProperty("validation").GetProperty("failedChecks").GetInt32() > 0);
        var rollback = versions[0];
        Assert.Equal(200, rollback.GetProperty("rowsRemoved").GetInt64());
        Assert.Equal(100, rollback.GetProperty("rowsAdded").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rollback.GetProperty("validation").ValueKind);
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("FAILED (", human.Out, StringComparison.Ordinal);
        Assert.Contains("passed", human.Out, StringComparison.Ordinal);
        Assert.Contains("rows removed", human.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_validate_run_is_shown_for_its_export_when_none_was_recorded_at_the_version()
    {
        var manifests = await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100);
        Directory.Delete(Table + "_validation", recursive: true);
        var validate = await Cli.SparkJobAsync("validate", "--manifest", manifests[0], "--table", Table);
        Assert.True(validate.ExitCode == 0, validate.ToString());

        var history = await Cli.SparkJobAsync("history", "--table", Table, "--json");

        var validation = history.Json().GetProperty("versions")[0].GetProperty("validation");
        Assert.Equal("validate", validation.GetProperty("operation").GetString());
        Assert.True(validation.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Without_a_validation_history_the_versions_still_show()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100, 120);
        Directory.Delete(Table + "_validation", recursive: true);

        var history = await Cli.SparkJobAsync("history", "--table", Table);

        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("day2", history.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("passed", history.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_removed_are_counted_from_the_checkpoint_once_the_oldest_commits_were_cleaned_up()
    {
        // Twelve loads write a checkpoint at version 10; log cleanup then drops commits 0-10.
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], [.. Enumerable.Range(1, 12).Select(d => d * 10)]);
        foreach (var version in Enumerable.Range(0, 11))
        {
            File.Delete(Path.Combine(Table, "_delta_log", $"{version:D20}.json"));
        }

        var history = await Cli.SparkJobAsync("history", "--table", Table, "--json");

        Assert.True(history.ExitCode == 0, history.ToString());
        var version11 = Assert.Single(history.Json().GetProperty("versions").EnumerateArray());
        Assert.Equal(11, version11.GetProperty("version").GetInt64());
        Assert.Equal(120, version11.GetProperty("rowsAdded").GetInt64());
        Assert.Equal(110, version11.GetProperty("rowsRemoved").GetInt64());

        // Without the checkpoint nothing tells what the removed file held: unknown, not zero.
        File.Delete(Path.Combine(Table, "_delta_log", $"{10:D20}.checkpoint.parquet"));
        File.Delete(Path.Combine(Table, "_delta_log", "_last_checkpoint"));
        var unknown = await Cli.SparkJobAsync("history", "--table", Table, "--json");
        Assert.True(unknown.ExitCode == 0, unknown.ToString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unknown.Json().GetProperty("versions")[0].GetProperty("rowsRemoved").ValueKind);
    }

    [Fact]
    public async Task History_of_a_folder_that_is_not_a_table_is_refused()
    {
        Directory.CreateDirectory(Table);

        var history = await Cli.SparkJobAsync("history", "--table", Table);

        Assert.True(history.ExitCode == 2, history.ToString());
        Assert.Contains("not a Delta table", history.Error, StringComparison.Ordinal);
    }
}
