using System.Globalization;
using Handoff.Shared.Exports.Listing;
using Handoff.Shared.Input;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.Engines;

namespace Handoff.SparkJob.Job.Exports;

/// <summary>
/// Which committed exports under a prefix a load takes, decided from the prefix's one listing
/// and what the table says the stream loaded, before any export's files are read:
/// <list type="bullet">
/// <item>overwrite: the newest by createdAt (<see cref="NewestCommittedExport"/>), if the
/// stream has not loaded it or a newer one;</item>
/// <item>append: every committed export the stream has not loaded, oldest first, whatever the
/// order they committed in.</item>
/// </list>
/// A manifest that cannot be read where it could matter stops the run: it might be the export to load.
/// </summary>
public sealed record ExportsSelection(IReadOnlyList<ListedExport> ToLoad, string? NothingNew)
{
    public static async Task<ExportsSelection> ChooseAsync(ExportsPrefix prefix, DeltaWriteMode mode, StreamRecord loaded, string stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(loaded);
        return mode == DeltaWriteMode.Overwrite
            ? await NewestAsync(prefix, loaded, stream, cancellationToken)
            : await UnloadedAsync(prefix, loaded, stream, cancellationToken);
    }

    private static async Task<ExportsSelection> NewestAsync(ExportsPrefix prefix, StreamRecord loaded, string stream, CancellationToken cancellationToken)
    {
        var search = await NewestCommittedExport.FindAsync(prefix.Store, prefix.Folders, cancellationToken);
        RefuseUnreadable(prefix, search.Unreadable, "it might be the newest");
        var newest = search.Newest!;
        var manifest = newest.Manifest!;
        if (!loaded.OverwriteHolds(manifest.ExportId, manifest.CreatedAt))
        {
            return new ExportsSelection([newest], null);
        }

        var newestText = Describe(manifest.ExportId, manifest.CreatedAt);
        var why = loaded.LastLoadedId == manifest.ExportId
            ? $"the newest committed export, {newestText}, is the last one stream '{stream}' loaded"
            : $"the newest committed export, {newestText}, is not newer than {LastLoaded(loaded)}, which stream '{stream}' last loaded";
        return new ExportsSelection([], $"nothing new under {prefix.Location}: {why}; nothing was loaded");
    }

    private static async Task<ExportsSelection> UnloadedAsync(ExportsPrefix prefix, StreamRecord loaded, string stream, CancellationToken cancellationToken)
    {
        var exports = await ExportsUnderPrefix.ReadAsync(prefix.Store, prefix.Folders, cancellationToken);
        RefuseUnreadable(prefix, exports.Committed.Where(e => e.Manifest is null).ToList(), "it might not be loaded yet");
        var pending = exports.Committed.Where(e => !loaded.HasLoaded(e.Manifest!.ExportId, e.Manifest.CreatedAt)).ToList();
        return pending.Count > 0
            ? new ExportsSelection(pending, null)
            : new ExportsSelection([], $"nothing new under {prefix.Location}: stream '{stream}' has loaded all {exports.Committed.Count} committed export(s); the last it loaded is {LastLoaded(loaded)}; nothing was loaded");
    }

    private static void RefuseUnreadable(ExportsPrefix prefix, IReadOnlyList<ListedExport> unreadable, string why)
    {
        if (unreadable.Count > 0)
        {
            var first = unreadable[0];
            throw new InputDataException(
                $"the manifest.json of {prefix.Location.Combine(first.Folder.Name)} cannot be read ({first.Problem}), and {why}{(unreadable.Count > 1 ? $" (and {unreadable.Count - 1} more)" : string.Empty)}; nothing was loaded: repair the manifest, or move the folder out of the prefix");
        }
    }

    /// <summary>"export day3 (created at 2025-01-03T02:00:00.000Z)".</summary>
    public static string Describe(string? exportId, DateTimeOffset? createdAt) => (exportId, createdAt) switch
    {
        ({ } id, { } at) => $"export {id} (created at {Time(at)})",
        ({ } id, null) => $"export {id}",
        (null, { } at) => $"the export created at {Time(at)}",
        _ => "an export",
    };

    private static string LastLoaded(StreamRecord loaded) => Describe(loaded.LastLoadedId, loaded.LastLoadedCreatedAt);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
