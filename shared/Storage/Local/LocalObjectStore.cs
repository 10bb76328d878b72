using System.Runtime.CompilerServices;

namespace Handoff.Shared.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> over a local folder. Writes go to hidden temp files that are
/// renamed into place, so readers never see a partial object. Folders, including the root, are
/// created on demand: a local root needs no --create-container. Files have no Content-MD5 of
/// their own: <see cref="GetAsync"/> reports the MD5 this machine computed from the file's bytes
/// (see <see cref="LocalMd5Cache"/>) while the file is unchanged, and null otherwise.
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

    public Task<IObjectUpload> StartUploadAsync(string path, CancellationToken cancellationToken) =>
        StartUploadAsync(path, UploadChecksum.ContentMd5, cancellationToken);

    public Task<IObjectUpload> StartUploadAsync(string path, UploadChecksum checksum, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = FullPathOf(path);
        try
        {
            return Task.FromResult<IObjectUpload>(LocalObjectUpload.Start(path, target, checksum));
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
            return Task.FromResult<Stream>(new StorageReadStream(OpenFile(target), (ex, _) => LocalErrors.IsFileSystemError(ex) ? LocalErrors.Wrap(ex, "read", target) : null));
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
        return Task.FromResult(info.Exists ? new StoredObject(path, info.Length, LocalMd5Cache.Read(info.FullName), info.LastWriteTimeUtc) : null);
    }

    /// <summary>Reads every byte of the file to hash it, and remembers the result for this version of the file.</summary>
    public async Task<byte[]> ComputeMd5Async(string path, CancellationToken cancellationToken)
    {
        var target = FullPathOf(path);
        try
        {
            return await HashAndRecordAsync(target, cancellationToken);
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "read", target);
        }
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

    public Task RemoveAbandonedUploadsAsync(string prefix, CancellationToken cancellationToken)
    {
        ObjectPath.ValidatePrefix(prefix);
        var folder = Path.Combine(_rootFullPath, prefix.Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
        {
            return Task.CompletedTask;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var temp in Directory.EnumerateFiles(folder, "*", options).Where(f => TempFileNames.IsTemp(Path.GetFileName(f))))
        {
            cancellationToken.ThrowIfCancellationRequested();
            TryDelete(temp);
        }

        return Task.CompletedTask;
    }

    public Task<bool> RemoveRootIfEmptyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // Not recursive: the delete fails, leaving everything, if anything appeared meanwhile.
            if (Directory.Exists(_rootFullPath) && !Directory.EnumerateFileSystemEntries(_rootFullPath).Any())
            {
                Directory.Delete(_rootFullPath, recursive: false);
                return Task.FromResult(true);
            }
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            // Still in use or not empty: leaving an empty folder is harmless.
        }

        return Task.FromResult(false);
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
            return await CopyFileAsync(local.FullPathOf(sourcePath), path, cancellationToken);
        }

        await using var input = await source.OpenReadAsync(sourcePath, cancellationToken);
        await using var upload = await StartUploadAsync(path, cancellationToken);
        await input.CopyToAsync(upload.Content, cancellationToken);
        return await upload.CommitAsync(cancellationToken);
    }

    public async Task<IStorageLock> AcquireLockAsync(string path, LockHolder holder, CancellationToken cancellationToken)
    {
        var target = FullPathOf(path);
        try
        {
            return await LocalFileLock.AcquireAsync(target, holder, cancellationToken);
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "lock", target);
        }
    }

    public IObjectStore Sub(string relativePath) => new LocalObjectStore(FullPathOf(relativePath.TrimEnd('/')));

    /// <summary>The absolute file path of an object path, after checking it stays under the root.</summary>
    public string FullPathOf(string path)
    {
        ObjectPath.Validate(path);
        return Path.Combine(_rootFullPath, path.Replace('/', Path.DirectorySeparatorChar));
    }

    public override string ToString() => _rootFullPath;

    private async Task<StoredObject> CopyFileAsync(string sourceFullPath, string path, CancellationToken cancellationToken)
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

            // Objects are immutable once committed, so a hard link is a copy that writes nothing
            // whatever the size; another file system gets a real copy.
            if (!HardLink.TryCreate(sourceFullPath, temp))
            {
                File.Copy(sourceFullPath, temp);
            }

            File.Move(temp, target, overwrite: true);

            // A link copies no bytes, and changes the file's ctime: read it once so that the
            // copy's MD5, like a streamed copy's, comes from its bytes.
            var md5 = await HashAndRecordAsync(target, cancellationToken);
            var info = new FileInfo(target);
            return new StoredObject(path, info.Length, md5, info.LastWriteTimeUtc) { Md5Computed = true };
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            TryDelete(temp);
            throw LocalErrors.Wrap(ex, "copy to", target);
        }
    }

    private static FileStream OpenFile(string fullPath) => new(fullPath, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        BufferSize = 64 * 1024,
    });

    private static async Task<byte[]> HashAndRecordAsync(string fullPath, CancellationToken cancellationToken)
    {
        // The identity is taken before reading: a change while hashing leaves an entry that never matches.
        var before = FileIdentity.Of(fullPath);
        byte[] md5;
        await using (var file = OpenFile(fullPath))
        {
            md5 = await Md5ReadAheadStream.Md5Async(file, cancellationToken);
        }

        LocalMd5Cache.Record(before, md5);
        return md5;
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
