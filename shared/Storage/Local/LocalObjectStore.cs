using System.Runtime.CompilerServices;

namespace Handoff.Shared.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> over a local folder. Writes go to hidden temp files that are
/// renamed into place, so readers never see a partial object. Folders, including the root, are
/// created on demand: a local root needs no --create-container. Files have no Content-MD5 of
/// their own: <see cref="GetAsync"/> reports the MD5 an upload recorded (see
/// <see cref="StoredContentMd5"/>) while the file is unchanged, and null otherwise.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    private readonly string _rootFullPath;

    public LocalObjectStore(string rootFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootFolder);
        _rootFullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootFolder));
        Root = new LocalLocation(_rootFullPath);
    }

    public StorageLocation Root { get; }

    /// <summary>The root folder as an absolute path.</summary>
    public string RootFullPath => _rootFullPath;

    public Task EnsureContainerAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        // Local roots are created whether or not createIfMissing is set: a folder is cheap and a
        // typo shows up as an unexpected folder, unlike a Blob container which has a cost and an owner.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (File.Exists(_rootFullPath))
            {
                throw new StorageException(StorageErrorKind.ContainerNotFound, $"'{_rootFullPath}' is a file, not a folder");
            }

            Directory.CreateDirectory(_rootFullPath);
            return Task.CompletedTask;
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "create the folder", _rootFullPath);
        }
    }

    public Task<IObjectUpload> StartUploadAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = FullPathOf(path);
        try
        {
            return Task.FromResult<IObjectUpload>(LocalObjectUpload.Start(path, target));
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "write", target);
        }
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var target = FullPathOf(path);
        if (File.Exists(target))
        {
            return false;
        }

        string? temp = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            temp = TempFileNames.For(target);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            if (!ExclusiveMove.TryMove(temp, target))
            {
                return false;
            }

            temp = null;
            return true;
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "write", target);
        }
        finally
        {
            if (temp is not null)
            {
                TryDelete(temp);
            }
        }
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = FullPathOf(path);
        try
        {
            return Task.FromResult<Stream>(new FileStream(target, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 64 * 1024,
            }));
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "read", target);
        }
    }

    public async Task<ReadOnlyMemory<byte>> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var target = FullPathOf(path);
        try
        {
            using var handle = File.OpenHandle(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            var available = Math.Max(0, RandomAccess.GetLength(handle) - offset);
            var buffer = new byte[(int)Math.Min(length, available)];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(filled), offset + filled, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return buffer.AsMemory(0, filled);
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "read", target);
        }
    }

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var info = new FileInfo(FullPathOf(path));
        return Task.FromResult(info.Exists ? new StoredObject(path, info.Length, StoredContentMd5.Read(info), info.LastWriteTimeUtc) : null);
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectPath.ValidatePrefix(prefix);
        var lastSlash = prefix.LastIndexOf('/');
        var folder = lastSlash < 0 ? _rootFullPath : Path.Combine(_rootFullPath, prefix[..lastSlash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0, // keep dot files such as .DONE, which Unix reports as hidden
            IgnoreInaccessible = false,
        };
        var found = new List<StoredObject>();
        foreach (var info in new DirectoryInfo(folder).EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TempFileNames.IsTemp(info.Name))
            {
                continue;
            }

            var relative = Path.GetRelativePath(_rootFullPath, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(new StoredObject(relative, info.Length, null, info.LastWriteTimeUtc));
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var item in found)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = FullPathOf(path);
        try
        {
            File.Delete(target);
        }
        catch (DirectoryNotFoundException)
        {
            // An absent folder means an absent object: nothing to delete.
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "delete", target);
        }

        return Task.CompletedTask;
    }

    public async Task<StoredObject> CopyFromAsync(IObjectStore source, string sourcePath, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is LocalObjectStore local)
        {
            return CopyFile(local.FullPathOf(sourcePath), path);
        }

        await using var input = await source.OpenReadAsync(sourcePath, cancellationToken);
        await using var upload = await StartUploadAsync(path, cancellationToken);
        await input.CopyToAsync(upload.Content, cancellationToken);
        return await upload.CommitAsync(cancellationToken);
    }

    public IObjectStore Sub(string relativePath) => new LocalObjectStore(FullPathOf(relativePath.TrimEnd('/')));

    /// <summary>The absolute file path of an object path, after checking it stays under the root.</summary>
    public string FullPathOf(string path)
    {
        ObjectPath.Validate(path);
        return Path.Combine(_rootFullPath, path.Replace('/', Path.DirectorySeparatorChar));
    }

    public override string ToString() => _rootFullPath;

    private StoredObject CopyFile(string sourceFullPath, string path)
    {
        var target = FullPathOf(path);
        if (!File.Exists(sourceFullPath))
        {
            throw LocalErrors.NotFound(sourceFullPath);
        }

        var temp = TempFileNames.For(target);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);

            // Objects are immutable once committed, so a hard link is a copy that costs nothing
            // whatever the size (and keeps the stored MD5); another file system gets a real copy.
            if (!HardLink.TryCreate(sourceFullPath, temp))
            {
                File.Copy(sourceFullPath, temp);
            }

            File.Move(temp, target, overwrite: true);
            var info = new FileInfo(target);
            return new StoredObject(path, info.Length, null, info.LastWriteTimeUtc);
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            TryDelete(temp);
            throw LocalErrors.Wrap(ex, "copy to", target);
        }
    }

    private static void TryDelete(string fullPath)
    {
        try
        {
            File.Delete(fullPath);
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            // Temp files are hidden from listings; a failed cleanup must not mask the outcome.
        }
    }
}
