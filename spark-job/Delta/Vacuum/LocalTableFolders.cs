using Handoff.Shared.Storage;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// What vacuum needs beyond <see cref="IObjectStore"/> on a local disk, which has real folders.
/// A file's age there is taken as the newer of its own mtime and its folder's: a loader brings
/// export files into the table as hard links, which keep the export's mtime however old it is,
/// while adding the link updates the folder's mtime, so the folder tells when the file arrived.
/// And a folder that vacuum empties is removed, as Delta's vacuum removes empty directories.
/// Blob Storage has neither concern: a copy gets its own Last-Modified, and folders are prefixes.
/// </summary>
internal sealed class LocalTableFolders(IObjectStore table)
{
    private readonly LocalObjectStore? _local = table as LocalObjectStore;

    /// <summary>When the file arrived in the table, as far as storage tells; null when unknown.</summary>
    public DateTimeOffset? ArrivedAt(StoredObject file)
    {
        if (_local is null || file.LastModified is not { } modified)
        {
            return file.LastModified;
        }

        var folder = Path.GetDirectoryName(_local.FullPathOf(file.Path))!;
        var folderTime = new DateTimeOffset(Directory.GetLastWriteTimeUtc(folder), TimeSpan.Zero);
        return folderTime > modified ? folderTime : modified;
    }

    /// <summary>
    /// Removes the empty, visible folders under the root that this vacuum emptied or that have
    /// not changed since <paramref name="deleteBefore"/>; returns how many. A folder a writer has
    /// just made is left alone, so its next file does not find it gone.
    /// </summary>
    public int RemoveEmptyFolders(TablePaths paths, IReadOnlySet<string> emptiedFolders, DateTimeOffset deleteBefore)
    {
        if (_local is null || !Directory.Exists(_local.RootFullPath))
        {
            return 0;
        }

        var removed = 0;
        var folders = Directory.EnumerateDirectories(_local.RootFullPath, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .OrderByDescending(f => f.Length)
            .ToList();
        foreach (var folder in folders)
        {
            var relative = Path.GetRelativePath(_local.RootFullPath, folder).Replace(Path.DirectorySeparatorChar, '/');
            if (paths.IsHidden(relative) || Directory.EnumerateFileSystemEntries(folder).Any())
            {
                continue;
            }

            if (!emptiedFolders.Contains(relative) && Directory.GetLastWriteTimeUtc(folder) >= deleteBefore.UtcDateTime)
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: false);
                removed++;
            }
            catch (IOException)
            {
                // A writer put something in it meanwhile: it is not empty any more.
            }
        }

        return removed;
    }
}
