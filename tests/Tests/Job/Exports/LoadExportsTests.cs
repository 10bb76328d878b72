using Handoff.Shared.Cli;
using Handoff.Shared.Manifest;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job.Exports;

/// <summary><c>load --exports</c> and <c>validate --exports</c> on a local prefix, day after day.</summary>
public sealed class LoadExportsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public LoadExportsTests() => Days = new DailyExports(_temp.Combine("exports"), _temp.Combine("table"), [], _temp);

    private DailyExports Days { get; }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Three_daily_overwrites_end_with_day_three_only_and_a_fourth_run_changes_nothing()
    {
        await ExportsScenarios.ThreeDailyOverwritesAsync(Days);
    }

    [Fact]
    public async Task Three_daily_appends_end_with_every_day_once_and_a_fourth_run_changes_nothing()
    {
        await ExportsScenarios.ThreeDailyAppendsAsync(Days);
    }

    [Fact]
    public async Task An_uncommitted_newer_export_is_never_loaded()
    {
        await ExportsScenarios.UncommittedNewerExportAsync(Days, new DailyExports(Days.Exports, _temp.Combine("appended"), [], _temp), manifest => Task.Run(() => File.Delete(manifest)));
    }

    [Fact]
    public async Task A_prefix_with_no_committed_export_is_refused_and_nothing_is_loaded()
    {
        await ExportsScenarios.NoCommittedExportAsync(Days, manifest => Task.Run(() => File.Delete(manifest)), () => Task.FromResult(Directory.Exists(Days.Table)));
    }

    [Fact]
    public async Task A_missing_prefix_is_refused_as_holding_no_committed_export()
    {
        var load = await Days.LoadAsync();

        Assert.True(load.ExitCode == ExitCodes.BadInput, load.ToString());
        Assert.Contains("no committed export under", load.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Days.Table));
    }

    [Fact]
    public async Task Append_after_missed_days_loads_every_unloaded_export_oldest_first_each_its_own_commit()
    {
        await Days.ExportAsync("day1", 10);
        await Days.ExportAsync("day2", 20);
        await Days.ExportAsync("day3", 30);

        var load = await Days.LoadAsync("--mode", "append");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(["day1", "day2", "day3"], DailyExports.Loaded(load));
        var loads = load.Json().GetProperty("loads").EnumerateArray().ToList();
        Assert.Equal([0L, 1L, 2L], loads.Select(l => l.GetProperty("version").GetInt64()));
        Assert.All(loads, l => Assert.True(l.GetProperty("report").GetProperty("passed").GetBoolean()));
        Assert.Equal(["day1", "day2", "day3"], loads.Select(l => l.GetProperty("report").GetProperty("exportId").GetString()));
        Assert.Equal(new Dictionary<string, long> { ["day1"] = 10, ["day2"] = 20, ["day3"] = 30 }, await Days.RowsByExportAsync());
    }

    [Fact]
    public async Task An_export_that_commits_late_with_an_older_createdAt_is_appended_but_does_not_win_an_overwrite()
    {
        var appended = new DailyExports(Days.Exports, _temp.Combine("appended"), [], _temp);
        var day1 = await Days.ExportAsync("day1", 10);
        var day2 = await Days.ExportAsync("day2", 20);
        Assert.Equal(0, (await Days.LoadAsync()).ExitCode);
        Assert.Equal(0, (await appended.LoadAsync("--mode", "append")).ExitCode);

        // "late" started between day1 and day2 (its createdAt) and committed only now, after both were loaded.
        var late = await Days.ExportAsync("late", 15);
        var between = ManifestJson.Parse(await File.ReadAllBytesAsync(day1)).CreatedAt.AddMilliseconds(1);
        Assert.True(between < ManifestJson.Parse(await File.ReadAllBytesAsync(day2)).CreatedAt);
        await ManifestEdits.RewriteAsync(late, m => m with { CreatedAt = between });

        var overwrite = await Days.LoadAsync();
        var append = await appended.LoadAsync("--mode", "append");

        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
        Assert.True(overwrite.Json().GetProperty("nothingNew").GetBoolean(), overwrite.ToString());
        Assert.Contains("export day2", overwrite.Json().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, long> { ["day2"] = 20 }, await Days.RowsByExportAsync());
        Assert.True(append.ExitCode == 0, append.ToString());
        Assert.Equal(["late"], DailyExports.Loaded(append));
        Assert.Equal(new Dictionary<string, long> { ["day1"] = 10, ["day2"] = 20, ["late"] = 15 }, await appended.RowsByExportAsync());
    }

    [Fact]
    public async Task A_manifest_that_might_be_the_newest_but_cannot_be_read_stops_the_run()
    {
        await Days.ExportAsync("day1", 10);
        var day2 = await Days.ExportAsync("day2", 10);
        await File.WriteAllTextAsync(day2, "{ not json");

        var overwrite = await Days.LoadAsync();
        var append = await Days.LoadAsync("--mode", "append");

        Assert.True(overwrite.ExitCode == ExitCodes.BadInput, overwrite.ToString());
        Assert.Contains("day2", overwrite.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("might be the newest", overwrite.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(append.ExitCode == ExitCodes.BadInput, append.ToString());
        Assert.False(Directory.Exists(Days.Table));
    }

    [Fact]
    public async Task A_failed_validation_stops_an_append_there_and_the_next_run_loads_the_rest()
    {
        await Days.ExportAsync("day1", 10);
        var day2 = await Days.ExportAsync("day2", 20);
        await Days.ExportAsync("day3", 30);
        await ManifestEdits.RewriteAsync(day2, m => m.MarkAllColumnsNotNullable());

        var first = await Days.LoadAsync("--mode", "append");
        var second = await Days.LoadAsync("--mode", "append");

        Assert.True(first.ExitCode == ExitCodes.ValidationFailed, first.ToString());
        Assert.Equal(["day1", "day2"], DailyExports.Loaded(first));
        Assert.Equal(["day3"], first.Json().GetProperty("notReached").EnumerateArray().Select(e => e.GetString()));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(["day3"], DailyExports.Loaded(second));
    }

    [Fact]
    public async Task Validate_checks_the_table_against_the_export_the_stream_last_loaded_not_the_newest()
    {
        await Days.ExportAsync("day1", 10);
        await Days.ExportAsync("day2", 20);
        Assert.Equal(0, (await Days.LoadAsync()).ExitCode);
        await Days.ExportAsync("day3", 30);

        var validate = await Days.ValidateAsync();
        var otherStream = await Days.ValidateAsync("--stream", "nightly");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Equal("day2", validate.Json().GetProperty("report").GetProperty("exportId").GetString());
        Assert.True(otherStream.ExitCode == ExitCodes.BadInput, otherStream.ToString());
        Assert.Contains("stream 'nightly' has loaded no export", otherStream.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_goes_alone_and_require_new_goes_with_exports()
    {
        var manifest = await Days.ExportAsync("day1", 10);

        var both = await Days.LoadAsync("--manifest", manifest);
        var requireNew = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", Days.Table, "--require-new");
        var prefixIsAnExport = await Cli.SparkJobAsync("load", "--exports", Path.GetDirectoryName(manifest)!, "--table", Days.Table);
        var manifestAsPrefix = await Cli.SparkJobAsync("load", "--exports", manifest, "--table", Days.Table);

        Assert.Equal(ExitCodes.BadInput, both.ExitCode);
        Assert.Equal(ExitCodes.BadInput, requireNew.ExitCode);
        Assert.Contains("--require-new goes with --exports", requireNew.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, prefixIsAnExport.ExitCode);
        Assert.Contains("load it with --manifest", prefixIsAnExport.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, manifestAsPrefix.ExitCode);
        Assert.False(Directory.Exists(Days.Table));
    }

    [Fact]
    public async Task Four_concurrent_append_runs_over_one_prefix_load_each_export_exactly_once()
    {
        for (var day = 1; day <= 3; day++)
        {
            await Days.ExportAsync($"day{day}", day * 10);
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Days.LoadAsync("--mode", "append"))));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(["day1", "day2", "day3"], runs.SelectMany(DailyExports.Loaded).Order(StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, long> { ["day1"] = 10, ["day2"] = 20, ["day3"] = 30 }, await Days.RowsByExportAsync());
        Assert.True((await Days.LoadAsync("--mode", "append")).Json().GetProperty("nothingNew").GetBoolean());
    }

    [Fact]
    public async Task Two_concurrent_overwrite_runs_leave_the_newest_export_loaded_once()
    {
        await Days.ExportAsync("day1", 10);
        await Days.ExportAsync("day2", 20);

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Days.LoadAsync())));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(["day2"], runs.SelectMany(DailyExports.Loaded));
        Assert.Equal(new Dictionary<string, long> { ["day2"] = 20 }, await Days.RowsByExportAsync());
    }
}
