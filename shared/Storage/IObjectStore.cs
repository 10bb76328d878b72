namespace Handoff.Shared.Storage;

/// <summary>
/// A folder of objects: a local directory or a Blob container prefix. Paths are relative to
/// <see cref="Root"/> and use '/'. Implementations throw <see cref="StorageException"/>.
/// </summary>
public interface IObjectStore
{
    StorageLocation Root { get; }

    /// <summary>Checks that the container (or root folder) exists, creating it when asked.</summary>
    Task EnsureContainerAsync(bool createIfMissing, CancellationToken cancellationToken);

    /// <summary>Starts a streamed upload; see <see cref="IObjectUpload"/>. An existing object is replaced on commit.</summary>
    Task<IObjectUpload> StartUploadAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a streamed upload that computes no MD5 when <paramref name="checksum"/> is
    /// <see cref="UploadChecksum.None"/> (its commit then reports none). A store that cannot skip
    /// the hash computes it anyway.
    /// </summary>
    Task<IObjectUpload> StartUploadAsync(string path, UploadChecksum checksum, CancellationToken cancellationToken) => StartUploadAsync(path, cancellationToken);

    /// <summary>
    /// Writes a small object only if nothing is at <paramref name="path"/> (If-None-Match: * on
    /// Blob, CreateNew on disk). Returns false, writing nothing, when the object already exists.
    /// </summary>
    Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading; throws NotFound if absent.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Reads a byte range (for Parquet footers); throws NotFound if absent.</summary>
    Task<ReadOnlyMemory<byte>> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken);

    /// <summary>Size and MD5 of an object, or null if absent.</summary>
    Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken);

    /// <summary>Objects whose path starts with <paramref name="prefix"/>, in lexicographic order of path.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes an object; absent objects are not an error.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Copies an object from another store into this one at <paramref name="path"/>: server-side
    /// within one Blob account, a file copy on disk, a streamed copy otherwise.
    /// </summary>
    Task<StoredObject> CopyFromAsync(IObjectStore source, string sourcePath, string path, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lock object at <paramref name="path"/> for this process, writing
    /// <paramref name="holder"/> into it; released on dispose, and by itself if the process dies
    /// (see <see cref="IStorageLock"/>). A lock left by a dead holder is taken over
    /// (<see cref="IStorageLock.TookOver"/>). Throws <see cref="ObjectLockedException"/> when a live holder has it.
    /// </summary>
    Task<IStorageLock> AcquireLockAsync(string path, LockHolder holder, CancellationToken cancellationToken);

    /// <summary>
    /// Removes what uploads under <paramref name="prefix"/> left when their process died before
    /// committing or discarding them: hidden temp files on a local disk. (Blob Storage discards
    /// uncommitted blocks by itself.) Only for a caller that holds the folder's lock.
    /// </summary>
    Task RemoveAbandonedUploadsAsync(string prefix, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Removes the root folder itself when nothing is left in it, so that a failed or cancelled
    /// writer leaves no empty folder behind; returns true when it was removed. Blob Storage has no
    /// folders to remove (a prefix without objects is gone already).
    /// </summary>
    Task<bool> RemoveRootIfEmptyAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>The MD5 of the object's bytes, read and hashed now (never a stored value).</summary>
    async Task<byte[]> ComputeMd5Async(string path, CancellationToken cancellationToken)
    {
        await using var content = await OpenReadAsync(path, cancellationToken);
        return await Md5ReadAheadStream.Md5Async(content, cancellationToken);
    }

    /// <summary>A store for a sub-folder of this one, sharing its credentials.</summary>
    IObjectStore Sub(string relativePath);
}
