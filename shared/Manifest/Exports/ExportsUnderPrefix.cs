using System.Collections.Concurrent;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Manifest.Exports;

/// <summary>
/// What lives under an exports prefix: the committed exports with their manifests (read only for
/// folders the one listing showed to hold manifest.json), oldest first by createdAt, and the
/// folders without a manifest, which are not exports.
/// </summary>
public sealed record ExportsUnderPrefix(IReadOnlyList<ListedExport> Committed, IReadOnlyList<ExportFolder> Uncommitted)
{
    private const int Parallelism = 8;

    public static async Task<ExportsUnderPrefix> ReadAsync(IObjectStore prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var folders = await ExportFolders.ListAsync(prefix, cancellationToken);
        var committed = new ConcurrentBag<ListedExport>();
        await Parallel.ForEachAsync(
            folders.Where(f => f.IsCommitted),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (folder, ct) => committed.Add(await ReadManifestAsync(prefix, folder, ct)));
        var ordered = committed
            .OrderBy(e => e.Manifest?.CreatedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(e => e.Folder.Name, StringComparer.Ordinal)
            .ToList();
        return new ExportsUnderPrefix(ordered, folders.Where(f => !f.IsCommitted).ToList());
    }

    private static async Task<ListedExport> ReadManifestAsync(IObjectStore prefix, ExportFolder folder, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await prefix.OpenReadAsync($"{folder.Name}/{ManifestJson.FileName}", cancellationToken);
            return new ListedExport(folder, await ManifestJson.ReadAsync(stream, cancellationToken), null);
        }
        catch (ManifestException error)
        {
            return new ListedExport(folder, null, error.Message);
        }
        catch (StorageException error) when (error.Kind == StorageErrorKind.NotFound)
        {
            return new ListedExport(folder, null, "its manifest.json disappeared after the listing");
        }
    }
}
