using System.Collections.Concurrent;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.Listing;

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
        return await ReadAsync(prefix, await ExportFolders.ListAsync(prefix, cancellationToken), cancellationToken);
    }

    /// <summary>As above, from a listing already made (<see cref="ExportFolders.ListAsync"/>).</summary>
    public static async Task<ExportsUnderPrefix> ReadAsync(IObjectStore prefix, IReadOnlyList<ExportFolder> folders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(folders);
        var committed = await ReadManifestsAsync(prefix, folders.Where(f => f.IsCommitted), cancellationToken);
        var ordered = committed
            .OrderBy(e => e.Manifest?.CreatedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(e => e.Folder.Name, StringComparer.Ordinal)
            .ToList();
        return new ExportsUnderPrefix(ordered, folders.Where(f => !f.IsCommitted).ToList());
    }

    /// <summary>The manifests of <paramref name="folders"/>, read a few at a time; one that cannot be read says why.</summary>
    internal static async Task<IReadOnlyList<ListedExport>> ReadManifestsAsync(IObjectStore prefix, IEnumerable<ExportFolder> folders, CancellationToken cancellationToken)
    {
        var read = new ConcurrentBag<ListedExport>();
        await Parallel.ForEachAsync(
            folders,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (folder, ct) => read.Add(await ReadManifestAsync(prefix, folder, ct)));
        return [.. read];
    }

    internal static async Task<ListedExport> ReadManifestAsync(IObjectStore prefix, ExportFolder folder, CancellationToken cancellationToken)
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
