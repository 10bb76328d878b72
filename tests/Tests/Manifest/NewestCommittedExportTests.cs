using Handoff.Shared.Manifest;
using Handoff.Shared.Exports.Listing;
using Handoff.Shared.Storage;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Manifest;

/// <summary>
/// Finding the newest committed export from one listing: manifests are read newest
/// last-modified first, and only while one could still hold a newer createdAt.
/// </summary>
public sealed class NewestCommittedExportTests : IDisposable
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Of_a_year_of_daily_exports_only_the_newest_manifest_is_read()
    {
        for (var day = 0; day < 365; day++)
        {
            await CommitAsync($"day{day:000}", Day0.AddDays(day), committedAfter: TimeSpan.FromMinutes(40));
        }

        var (found, store) = await FindAsync();

        Assert.Equal("day364", found.Newest!.Manifest!.ExportId);
        Assert.Equal(1, found.ManifestsRead);
        Assert.Equal(1, store.Reads);
        Assert.Equal(1, store.Lists);
    }

    [Fact]
    public async Task An_export_that_committed_last_but_started_first_does_not_hide_the_newest()
    {
        await CommitAsync("day1", Day0, committedAfter: TimeSpan.FromMinutes(5));
        await CommitAsync("day2", Day0.AddDays(1), committedAfter: TimeSpan.FromMinutes(5));
        await CommitAsync("slow", Day0.AddDays(1).AddHours(-6), committedAfter: TimeSpan.FromHours(7));

        var (found, _) = await FindAsync();

        Assert.Equal("day2", found.Newest!.Manifest!.ExportId);
        Assert.Equal(2, found.ManifestsRead);
    }

    [Fact]
    public async Task A_writer_whose_clock_runs_ahead_of_storage_still_gives_the_newest()
    {
        await CommitAsync("day1", Day0.AddMinutes(10), committedAfter: TimeSpan.FromMinutes(1));

        // Committed (by storage's clock) before day1 was, with a later createdAt by a writer's clock seven minutes ahead.
        await CommitAsync("fast-clock", Day0.AddMinutes(12), committedAfter: TimeSpan.FromMinutes(-7));

        var (found, _) = await FindAsync();

        Assert.Equal("fast-clock", found.Newest!.Manifest!.ExportId);
        Assert.Equal(2, found.ManifestsRead);
    }

    [Fact]
    public async Task Exports_committed_within_the_clock_margin_are_all_read_and_the_newest_wins()
    {
        await CommitAsync("a", Day0, committedAfter: TimeSpan.FromMinutes(1));
        await CommitAsync("b", Day0.AddMinutes(2), committedAfter: TimeSpan.FromMinutes(1));
        await CommitAsync("c", Day0.AddMinutes(1), committedAfter: TimeSpan.FromMinutes(9));

        var (found, _) = await FindAsync();

        Assert.Equal("b", found.Newest!.Manifest!.ExportId);
        Assert.Equal(3, found.ManifestsRead);
    }

    [Fact]
    public async Task A_listing_without_times_reads_every_manifest()
    {
        await CommitAsync("day1", Day0, committedAfter: TimeSpan.FromMinutes(1));
        await CommitAsync("day2", Day0.AddDays(1), committedAfter: TimeSpan.FromMinutes(1));
        await CommitAsync("day3", Day0.AddDays(2), committedAfter: TimeSpan.FromMinutes(1));

        var (found, _) = await FindAsync(o => o with { LastModified = null });

        Assert.Equal("day3", found.Newest!.Manifest!.ExportId);
        Assert.Equal(3, found.ManifestsRead);
    }

    [Fact]
    public async Task An_unreadable_candidate_is_reported_and_one_too_old_to_matter_is_never_read()
    {
        await CommitAsync("day1", Day0, committedAfter: TimeSpan.FromMinutes(1));
        await File.WriteAllTextAsync(_temp.Combine("day1", ManifestJson.FileName), "{ broken");
        File.SetLastWriteTimeUtc(_temp.Combine("day1", ManifestJson.FileName), Day0.AddMinutes(1).UtcDateTime);
        await CommitAsync("day2", Day0.AddDays(1), committedAfter: TimeSpan.FromMinutes(1));
        await CommitAsync("day3", Day0.AddDays(2), committedAfter: TimeSpan.FromMinutes(1));
        await File.WriteAllTextAsync(_temp.Combine("day3", ManifestJson.FileName), "{ broken");
        File.SetLastWriteTimeUtc(_temp.Combine("day3", ManifestJson.FileName), Day0.AddDays(2).AddMinutes(1).UtcDateTime);

        var (found, _) = await FindAsync();

        Assert.Equal("day3", Assert.Single(found.Unreadable).Folder.Name);
        Assert.Equal("day2", found.Newest!.Manifest!.ExportId);
        Assert.Equal(2, found.ManifestsRead);
    }

    private async Task<(NewestExportSearch Found, RecordingStore Store)> FindAsync(Func<StoredObject, StoredObject>? listed = null)
    {
        var store = new RecordingStore(new LocalObjectStore(_temp.Path)) { Listed = listed };
        var folders = await ExportFolders.ListAsync(store, CancellationToken.None);
        return (await NewestCommittedExport.FindAsync(store, folders, CancellationToken.None), store);
    }

    /// <summary>An export folder whose manifest says <paramref name="createdAt"/> and was written (its mtime) <paramref name="committedAfter"/> later.</summary>
    private async Task CommitAsync(string id, DateTimeOffset createdAt, TimeSpan committedAfter)
    {
        var folder = _temp.Combine(id);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "part-00000.parquet"), "data");
        var manifest = Path.Combine(folder, ManifestJson.FileName);
        await File.WriteAllBytesAsync(manifest, ManifestJson.Serialize(ManifestSamples.Parquet() with { ExportId = id, CreatedAt = createdAt }));
        File.SetLastWriteTimeUtc(manifest, (createdAt + committedAfter).UtcDateTime);
    }
}
