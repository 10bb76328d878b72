using Handoff.Shared.Cli;
using Xunit;

namespace Handoff.Tests.Job.Exports;

/// <summary>The issue's <c>--exports</c> scenarios, run on a local folder and on Azurite alike.</summary>
internal static class ExportsScenarios
{
    /// <summary>Overwrite: each day's run loads that day's export; the table ends with day 3's rows only; a fourth run with nothing new changes nothing.</summary>
    public static async Task ThreeDailyOverwritesAsync(DailyExports days)
    {
        for (var day = 1; day <= 3; day++)
        {
            await days.ExportAsync($"day{day}", day * 10);
            var load = await days.LoadAsync();
            Assert.True(load.ExitCode == 0, load.ToString());
            Assert.Equal([$"day{day}"], DailyExports.Loaded(load));
            Assert.True(load.Json().GetProperty("passed").GetBoolean(), load.ToString());
        }

        Assert.Equal(new Dictionary<string, long> { ["day3"] = 30 }, await days.RowsByExportAsync());
        await NothingNewAsync(days, []);
        Assert.Equal(new Dictionary<string, long> { ["day3"] = 30 }, await days.RowsByExportAsync());
    }

    /// <summary>Append: each day's run appends that day's export; the table ends with all three days' rows, each once; a fourth run changes nothing.</summary>
    public static async Task ThreeDailyAppendsAsync(DailyExports days)
    {
        for (var day = 1; day <= 3; day++)
        {
            await days.ExportAsync($"day{day}", day * 10);
            var load = await days.LoadAsync("--mode", "append");
            Assert.True(load.ExitCode == 0, load.ToString());
            Assert.Equal([$"day{day}"], DailyExports.Loaded(load));
        }

        var all = new Dictionary<string, long> { ["day1"] = 10, ["day2"] = 20, ["day3"] = 30 };
        Assert.Equal(all, await days.RowsByExportAsync());
        await NothingNewAsync(days, ["--mode", "append"]);
        Assert.Equal(all, await days.RowsByExportAsync());
    }

    /// <summary>A newer export whose manifest is missing is never loaded, in either mode (<paramref name="appended"/>: another table on the same prefix).</summary>
    public static async Task UncommittedNewerExportAsync(DailyExports days, DailyExports appended, Func<string, Task> deleteManifest)
    {
        await days.ExportAsync("day1", 10);
        await days.ExportAsync("day2", 20);
        Assert.Equal(0, (await days.LoadAsync()).ExitCode);
        Assert.Equal(0, (await appended.LoadAsync("--mode", "append")).ExitCode);
        var day3 = await days.ExportAsync("day3", 30);
        await deleteManifest(day3);

        var overwrite = await days.LoadAsync();
        var append = await appended.LoadAsync("--mode", "append");

        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
        Assert.True(overwrite.Json().GetProperty("nothingNew").GetBoolean(), overwrite.ToString());
        Assert.Contains("export day2", overwrite.Json().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("day3", overwrite.Out, StringComparison.Ordinal);
        Assert.True(append.ExitCode == 0, append.ToString());
        Assert.True(append.Json().GetProperty("nothingNew").GetBoolean(), append.ToString());
        Assert.Equal(new Dictionary<string, long> { ["day2"] = 20 }, await days.RowsByExportAsync());
        Assert.Equal(new Dictionary<string, long> { ["day1"] = 10, ["day2"] = 20 }, await appended.RowsByExportAsync());
    }

    /// <summary>A prefix holding only an export without its manifest: a clear error, exit 2, and no table.</summary>
    public static async Task NoCommittedExportAsync(DailyExports days, Func<string, Task> deleteManifest, Func<Task<bool>> tableExists)
    {
        var day1 = await days.ExportAsync("day1", 10);
        await deleteManifest(day1);

        var overwrite = await days.LoadAsync();
        var append = await days.LoadTextAsync("--mode", "append");
        var validate = await days.ValidateAsync();

        Assert.True(overwrite.ExitCode == ExitCodes.BadInput, overwrite.ToString());
        var error = overwrite.Json().GetProperty("error").GetString()!;
        Assert.Contains("no committed export under", error, StringComparison.Ordinal);
        Assert.Contains("1 folder(s) without one (day1)", error, StringComparison.Ordinal);
        Assert.True(append.ExitCode == ExitCodes.BadInput, append.ToString());
        Assert.Contains("error: no committed export under", append.Error, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == ExitCodes.BadInput, validate.ToString());
        Assert.False(await tableExists());
    }

    private static async Task NothingNewAsync(DailyExports days, string[] mode)
    {
        var version = await days.VersionAsync();
        var fourth = await days.LoadAsync(mode);
        var text = await days.LoadTextAsync(mode);
        var required = await days.LoadAsync([.. mode, "--require-new"]);

        Assert.True(fourth.ExitCode == 0, fourth.ToString());
        Assert.True(fourth.Json().GetProperty("nothingNew").GetBoolean(), fourth.ToString());
        Assert.Equal(0, fourth.Json().GetProperty("loads").GetArrayLength());
        Assert.True(text.ExitCode == 0, text.ToString());
        var line = Assert.Single(text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("nothing new under ", line, StringComparison.Ordinal);
        Assert.Contains("export day3 (created at ", line, StringComparison.Ordinal);
        Assert.True(required.ExitCode == ExitCodes.NothingNew, required.ToString());
        Assert.Equal(version, await days.VersionAsync());
    }
}
