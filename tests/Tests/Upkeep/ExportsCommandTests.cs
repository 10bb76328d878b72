using Handoff.Shared.Exports.Listing;
using Handoff.Shared.Storage;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Upkeep;

/// <summary><c>exporter exports</c> on a local prefix: committed exports, and separately the leftovers.</summary>
public sealed class ExportsCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Exports => _temp.Combine("exports");

    [Fact]
    public async Task Committed_exports_are_listed_oldest_first_and_leftovers_separately_marked()
    {
        await DailyTable.ExportAsync(Exports, "day1", 100, []);
        await DailyTable.ExportAsync(Exports, "day2", 250, []);
        var csv = await Cli.ExporterAsync("export", "--sample-rows", "30", "--format", "csv", "--split-rows", "10", "--to", Exports, "--export-id", "day3");
        Assert.Equal(0, csv.ExitCode);
        await DailyTable.ExportAsync(Exports, "day4", 40, []);
        File.Delete(Path.Combine(Exports, "day4", "manifest.json"));
        Directory.CreateDirectory(Path.Combine(Exports, "day5"));
        await File.WriteAllTextAsync(Path.Combine(Exports, "day5", ".export-lock"), "{}");
        await File.WriteAllTextAsync(Path.Combine(Exports, "day5", "part-00000.parquet"), "half written");

        var json = await Cli.ExporterAsync("exports", "--to", Exports, "--json");
        var human = await Cli.ExporterAsync("exports", "--to", Exports);

        Assert.True(json.ExitCode == 0, json.ToString());
        var committed = json.Json().GetProperty("committed").EnumerateArray().ToList();
        Assert.Equal(["day1", "day2", "day3"], committed.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([100L, 250L, 30L], committed.Select(e => e.GetProperty("rows").GetInt64()));
        Assert.Equal(["parquet", "parquet", "csv"], committed.Select(e => e.GetProperty("format").GetString()));
        Assert.Equal([1, 1, 3], committed.Select(e => e.GetProperty("files").GetInt32()));
        Assert.Equal(Directory.GetFiles(Path.Combine(Exports, "day3"), "*.csv").Sum(f => new FileInfo(f).Length), committed[2].GetProperty("bytes").GetInt64());
        var createdAt = committed.Select(e => e.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal(createdAt.Order(), createdAt);
        var uncommitted = json.Json().GetProperty("uncommitted").EnumerateArray().ToList();
        Assert.Equal(["day4", "day5"], uncommitted.Select(e => e.GetProperty("folder").GetString()));
        Assert.False(uncommitted[0].GetProperty("locked").GetBoolean());
        Assert.True(uncommitted[1].GetProperty("locked").GetBoolean());
        Assert.Equal(1, uncommitted[1].GetProperty("files").GetInt32());
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("committed exports under", human.Out, StringComparison.Ordinal);
        Assert.Contains("UNCOMMITTED", human.Out, StringComparison.Ordinal);
        Assert.True(human.Out.IndexOf("day4", StringComparison.Ordinal) > human.Out.IndexOf("UNCOMMITTED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_prefix_is_listed_once_and_only_committed_manifests_are_read()
    {
        for (var day = 1; day <= 4; day++)
        {
            await Cli.ExporterAsync("export", "--sample-rows", "20", "--split-rows", "5", "--to", Exports, "--export-id", $"day{day}");
        }

        File.Delete(Path.Combine(Exports, "day4", "manifest.json"));
        var store = new RecordingStore(new LocalObjectStore(Exports));

        var exports = await ExportsUnderPrefix.ReadAsync(store, CancellationToken.None);

        Assert.Equal(3, exports.Committed.Count);
        Assert.Single(exports.Uncommitted);
        Assert.Equal(1, store.Lists);
        Assert.Equal(3, store.Reads);
    }

    [Fact]
    public async Task An_unreadable_manifest_is_reported_without_hiding_the_others()
    {
        await DailyTable.ExportAsync(Exports, "day1", 10, []);
        await DailyTable.ExportAsync(Exports, "day2", 10, []);
        await File.WriteAllTextAsync(Path.Combine(Exports, "day2", "manifest.json"), "{ not json");

        var json = await Cli.ExporterAsync("exports", "--to", Exports, "--json");

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("day1", json.Json().GetProperty("committed")[0].GetProperty("id").GetString());
        var unreadable = json.Json().GetProperty("unreadable")[0];
        Assert.Equal("day2", unreadable.GetProperty("folder").GetString());
        Assert.Contains("not valid JSON", unreadable.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefix_with_no_exports_lists_nothing()
    {
        Directory.CreateDirectory(Exports);

        var json = await Cli.ExporterAsync("exports", "--to", Exports, "--json");

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(0, json.Json().GetProperty("committed").GetArrayLength());
        Assert.Equal(0, json.Json().GetProperty("uncommitted").GetArrayLength());
    }
}
