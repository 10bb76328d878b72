using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.Listing;

/// <summary>
/// The newest committed export under a prefix by its manifest's <c>createdAt</c>, found from the
/// one listing while reading as few manifests as it allows. A manifest is written when its export
/// commits, after the export started (which is its createdAt), so the manifest's last-modified
/// time from the listing is never earlier than its createdAt, give or take the clock difference
/// between the writer and the storage service (<see cref="ClockSkew"/>). Manifests are read newest
/// last-modified first, and reading stops at the first one modified more than that margin before
/// the newest createdAt found so far: no export after it can be newer. For daily exports that is
/// one manifest; exports committed within the margin of each other are all read.
/// </summary>
public static class NewestCommittedExport
{
    /// <summary>
    /// How far a writer's clock may be ahead of the storage service's. The Azure Storage guidance
    /// for SAS start times allows 15 minutes of clock skew between machines; the same margin here
    /// costs one extra manifest read only for exports committed within 15 minutes of each other.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(15);

    private const int Batch = 8;

    /// <param name="folders">The prefix's one listing (<see cref="ExportFolders.ListAsync"/>).</param>
    public static async Task<NewestExportSearch> FindAsync(IObjectStore prefix, IReadOnlyList<ExportFolder> folders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(folders);

        // A folder whose listing gave no time cannot be ruled out, so it is read first.
        var candidates = new Queue<ExportFolder>(folders
            .Where(f => f.IsCommitted)
            .OrderByDescending(f => f.Manifest!.LastModified ?? DateTimeOffset.MaxValue)
            .ThenByDescending(f => f.Name, StringComparer.Ordinal));
        ListedExport? newest = null;
        var unreadable = new List<ListedExport>();
        var read = 0;

        // The likeliest export is read alone; once one is known, any others that could still be newer, a few at a time.
        while (candidates.Count > 0)
        {
            var batch = newest is null ? 1 : Batch;
            var next = new List<ExportFolder>();
            while (next.Count < batch && candidates.TryPeek(out var folder) && CouldBeNewer(folder, newest))
            {
                next.Add(candidates.Dequeue());
            }

            if (next.Count == 0)
            {
                break;
            }

            read += next.Count;
            foreach (var listed in await ExportsUnderPrefix.ReadManifestsAsync(prefix, next, cancellationToken))
            {
                if (listed.Manifest is null)
                {
                    unreadable.Add(listed);
                }
                else if (newest is null || IsNewer(listed, newest))
                {
                    newest = listed;
                }
            }
        }

        return new NewestExportSearch(newest, unreadable.OrderBy(e => e.Folder.Name, StringComparer.Ordinal).ToList(), read);
    }

    /// <summary>The order of <see cref="ExportsUnderPrefix"/>: createdAt, then the folder's name.</summary>
    public static bool IsNewer(ListedExport candidate, ListedExport than)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(than);
        var order = candidate.Manifest!.CreatedAt.CompareTo(than.Manifest!.CreatedAt);
        return order > 0 || (order == 0 && string.CompareOrdinal(candidate.Folder.Name, than.Folder.Name) > 0);
    }

    private static bool CouldBeNewer(ExportFolder folder, ListedExport? newest) =>
        newest is null
        || folder.Manifest!.LastModified is not { } modified
        || modified + ClockSkew >= newest.Manifest!.CreatedAt;
}
