using Handoff.Shared.Storage;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Upkeep;

/// <summary><c>spark-job vacuum</c> and <c>load --vacuum</c> on a local table, as a user runs them.</summary>
public sealed class VacuumCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Exports => _temp.Combine("exports");

    private string Table => _temp.Combine("table");

    [Fact]
    public async Task After_three_overwrites_a_zero_hour_vacuum_leaves_only_the_live_files_and_the_same_rows()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100, 200, 300);
        var store = new LocalObjectStore(Table);
        var live = await DailyTable.LiveFilesAsync(store);
        var before = await DailyTable.DataFilesAsync(store);
        var rowsBefore = Fingerprint(live);
        Assert.Equal(3, before.Count);

        var vacuum = await Cli.SparkJobAsync("vacuum", "--table", Table, "--retain-hours", "0", "--force", "--json");

        Assert.True(vacuum.ExitCode == 0, vacuum.ToString());
        var json = vacuum.Json();
        Assert.Equal(2, json.GetProperty("files").GetInt64());
        Assert.Equal(live, await DailyTable.DataFilesAsync(store));
        Assert.Equal(rowsBefore, Fingerprint(live));
        var inspect = await Cli.SparkJobAsync("inspect", "--table", Table, "--json");
        Assert.Equal(300, inspect.Json().GetProperty("rowCount").GetInt64());
        Assert.True(Directory.Exists(Path.Combine(Table, "_delta_log")));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(Table, "_delta_log"), "*.json").Length);
    }

    [Fact]
    public async Task A_dry_run_deletes_nothing_and_counts_what_the_real_run_deletes()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100, 200, 300);
        var store = new LocalObjectStore(Table);
        var before = await DailyTable.DataFilesAsync(store);
        var live = await DailyTable.LiveFilesAsync(store);
        var doomedBytes = before.Except(live).Sum(f => new FileInfo(Path.Combine(Table, f)).Length);

        var dry = await Cli.SparkJobAsync("vacuum", "--table", Table, "--retain-hours", "0", "--force", "--dry-run", "--json");
        var human = await Cli.SparkJobAsync("vacuum", "--table", Table, "--retain-hours", "0", "--force", "--dry-run");

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(before, await DailyTable.DataFilesAsync(store));
        Assert.True(dry.Json().GetProperty("dryRun").GetBoolean());
        Assert.Equal(2, dry.Json().GetProperty("files").GetInt64());
        Assert.Equal(doomedBytes, dry.Json().GetProperty("bytes").GetInt64());
        Assert.Equal(before.Except(live).ToList(), dry.Json().GetProperty("paths").EnumerateArray().Select(p => p.GetString()!).ToList());
        Assert.Contains("would delete 2 files", human.Out, StringComparison.Ordinal);
        Assert.Contains("nothing was deleted", human.Out, StringComparison.Ordinal);

        var real = await Cli.SparkJobAsync("vacuum", "--table", Table, "--retain-hours", "0", "--force", "--json");
        Assert.Equal(doomedBytes, real.Json().GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task A_window_below_the_table_setting_without_force_is_refused_and_nothing_is_deleted()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100, 200);
        var store = new LocalObjectStore(Table);
        var before = await DailyTable.DataFilesAsync(store);

        var vacuum = await Cli.SparkJobAsync("vacuum", "--table", Table, "--retain-hours", "0");

        Assert.True(vacuum.ExitCode == 2, vacuum.ToString());
        Assert.Contains("--force", vacuum.Error, StringComparison.Ordinal);
        Assert.Contains("168 hours", vacuum.Error, StringComparison.Ordinal);
        Assert.Equal(before, await DailyTable.DataFilesAsync(store));
    }

    [Fact]
    public async Task The_default_window_is_the_tables_delta_deleted_file_retention_duration()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100, 200);
        await SetTablePropertyAsync(Table, "delta.deletedFileRetentionDuration", "interval 2 hours");

        var below = await Cli.SparkJobAsync("vacuum", "--table", Table, "--retain-hours", "1");
        var above = await Cli.SparkJobAsync("vacuum", "--table", Table, "--retain-hours", "3", "--json");
        var byDefault = await Cli.SparkJobAsync("vacuum", "--table", Table, "--json");

        Assert.True(below.ExitCode == 2, below.ToString());
        Assert.Contains("2 hours", below.Error, StringComparison.Ordinal);
        Assert.True(above.ExitCode == 0, above.ToString());
        Assert.Equal(0, above.Json().GetProperty("files").GetInt64());
        Assert.Equal(2, byDefault.Json().GetProperty("retentionHours").GetDouble());
    }

    [Fact]
    public async Task Files_removed_within_the_window_are_kept()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100, 200);
        var store = new LocalObjectStore(Table);
        var before = await DailyTable.DataFilesAsync(store);

        var vacuum = await Cli.SparkJobAsync("vacuum", "--table", Table, "--json");

        Assert.True(vacuum.ExitCode == 0, vacuum.ToString());
        Assert.Equal(168, vacuum.Json().GetProperty("retentionHours").GetDouble());
        Assert.Equal(0, vacuum.Json().GetProperty("files").GetInt64());
        Assert.Equal(before, await DailyTable.DataFilesAsync(store));
    }

    [Fact]
    public async Task Uncommitted_files_older_than_the_window_go_newer_ones_and_hidden_ones_stay()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100);
        var old = DateTime.UtcNow.AddDays(-10);
        var oldOrphan = WriteFile(Path.Combine(Table, "stopped-writer", "part-00000.parquet"), old);
        Directory.SetLastWriteTimeUtc(Path.GetDirectoryName(oldOrphan)!, old);
        var newOrphan = WriteFile(Path.Combine(Table, "running-writer", "part-00000.parquet"), DateTime.UtcNow);
        var hidden = WriteFile(Path.Combine(Table, "_staging", "part-00000.parquet"), old);
        var logJunk = WriteFile(Path.Combine(Table, "_delta_log", "junk.tmp"), old);

        var vacuum = await Cli.SparkJobAsync("vacuum", "--table", Table, "--json");

        Assert.True(vacuum.ExitCode == 0, vacuum.ToString());
        Assert.Equal(["stopped-writer/part-00000.parquet"], vacuum.Json().GetProperty("paths").EnumerateArray().Select(p => p.GetString()!).ToList());
        Assert.False(File.Exists(oldOrphan));
        Assert.False(Directory.Exists(Path.GetDirectoryName(oldOrphan)));
        Assert.True(File.Exists(newOrphan));
        Assert.True(File.Exists(hidden));
        Assert.True(File.Exists(logJunk));
    }

    [Fact]
    public async Task A_file_linked_into_the_table_recently_counts_as_new_however_old_its_mtime()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100);

        // A loader hard-links export files into the table: the file keeps the export's old mtime,
        // but the folder it arrives in changes now.
        var orphan = WriteFile(Path.Combine(Table, "arriving", "part-00000.parquet"), DateTime.UtcNow.AddDays(-30));

        var vacuum = await Cli.SparkJobAsync("vacuum", "--table", Table, "--json");

        Assert.True(vacuum.ExitCode == 0, vacuum.ToString());
        Assert.Equal(0, vacuum.Json().GetProperty("files").GetInt64());
        Assert.True(File.Exists(orphan));
    }

    [Fact]
    public async Task Load_with_vacuum_runs_it_after_a_load_that_passed()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100);
        await SetTablePropertyAsync(Table, "delta.deletedFileRetentionDuration", "interval 0 hours");
        var second = await DailyTable.ExportAsync(Exports, "day2", 200, []);

        var load = await Cli.SparkJobAsync("load", "--manifest", second, "--table", Table, "--vacuum", "--json");
        var human = await Cli.SparkJobAsync("load", "--manifest", await DailyTable.ExportAsync(Exports, "day3", 300, []), "--table", Table, "--vacuum");

        Assert.True(load.ExitCode == 0, load.ToString());
        var vacuum = load.Json().GetProperty("vacuum");
        Assert.Equal(1, vacuum.GetProperty("files").GetInt64());
        Assert.StartsWith("day1/", vacuum.GetProperty("paths")[0].GetString(), StringComparison.Ordinal);
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("vacuum of", human.Out, StringComparison.Ordinal);
        Assert.Contains("deleted 1 file", human.Out, StringComparison.Ordinal);
        var store = new LocalObjectStore(Table);
        Assert.Equal(await DailyTable.LiveFilesAsync(store), await DailyTable.DataFilesAsync(store));
    }

    [Fact]
    public async Task Load_without_vacuum_or_with_a_failed_validation_deletes_nothing()
    {
        await DailyTable.LoadOverwritesAsync(Exports, Table, [], 100);
        await SetTablePropertyAsync(Table, "delta.deletedFileRetentionDuration", "interval 0 hours");
        var lying = await DailyTable.ExportAsync(Exports, "day2", 200, []);
        await ManifestEdits.RewriteAsync(lying, m => m with { RowCount = 201, Files = [m.Files[0] with { Rows = 201 }] });
        var store = new LocalObjectStore(Table);

        var load = await Cli.SparkJobAsync("load", "--manifest", lying, "--table", Table, "--vacuum", "--json");

        Assert.True(load.ExitCode == 1, load.ToString());
        Assert.False(load.Json().TryGetProperty("vacuum", out _));
        Assert.Equal(2, (await DailyTable.DataFilesAsync(store)).Count);
    }

    [Fact]
    public async Task Vacuum_of_a_folder_that_is_not_a_table_is_refused()
    {
        Directory.CreateDirectory(Table);

        var vacuum = await Cli.SparkJobAsync("vacuum", "--table", Table);

        Assert.True(vacuum.ExitCode == 2, vacuum.ToString());
        Assert.Contains("not a Delta table", vacuum.Error, StringComparison.Ordinal);
    }

    /// <summary>Sets a table property the way a Spark user's ALTER TABLE ... SET TBLPROPERTIES would have: in the metaData action.</summary>
    internal static async Task SetTablePropertyAsync(string table, string key, string value)
    {
        var first = Path.Combine(table, "_delta_log", "00000000000000000000.json");
        var lines = await File.ReadAllLinesAsync(first);
        for (var i = 0; i < lines.Length; i++)
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(lines[i]) is System.Text.Json.Nodes.JsonObject action && action["metaData"] is System.Text.Json.Nodes.JsonObject metadata)
            {
                metadata["configuration"] = new System.Text.Json.Nodes.JsonObject { [key] = value };
                lines[i] = action.ToJsonString();
            }
        }

        await File.WriteAllLinesAsync(first, lines);
    }

    private static string WriteFile(string path, DateTime modified)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "not really parquet");
        File.SetLastWriteTimeUtc(path, modified);
        return path;
    }

    private string Fingerprint(IEnumerable<string> liveFiles)
    {
        using var duck = new DuckDb();
        var files = DuckDb.FileList(liveFiles.Select(f => Path.Combine(Table, f)));
        return duck.Scalar<string>($"SELECT count(*) || ':' || CAST(sum(hash(t)) AS VARCHAR) FROM read_parquet({files}) t");
    }
}
