using Handoff.Shared.Storage;

namespace Handoff.Tests.Support;

/// <summary>
/// An object store that counts the calls made through it, and can fail reads or deletes or
/// misreport a listing on demand, so a test can see how much a command lists and reads, stop it
/// half-way through its work, or change a file behind its back.
/// </summary>
public sealed class RecordingStore(IObjectStore inner) : IObjectStore
{
    private int _lists;
    private int _reads;
    private int _deletes;

    public int Lists => _lists;

    public int Reads => _reads;

    public int Deletes => _deletes;

    /// <summary>When set, called before each delete with the number of deletes so far; it may throw.</summary>
    public Action<int>? BeforeDelete { get; set; }

    /// <summary>When set, called before each read with the path; it may throw.</summary>
    public Action<string>? BeforeRead { get; set; }

    /// <summary>When set, rewrites what a listing reports of each object.</summary>
    public Func<StoredObject, StoredObject>? Listed { get; set; }

    public StorageLocation Root => inner.Root;

    public Task EnsureContainerAsync(bool createIfMissing, CancellationToken cancellationToken) => inner.EnsureContainerAsync(createIfMissing, cancellationToken);

    public Task<IObjectUpload> StartUploadAsync(string path, CancellationToken cancellationToken) => inner.StartUploadAsync(path, cancellationToken);

    public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.PutIfAbsentAsync(path, content, cancellationToken);

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        BeforeRead?.Invoke(path);
        return inner.OpenReadAsync(path, cancellationToken);
    }

    public Task<ReadOnlyMemory<byte>> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadRangeAsync(path, offset, length, cancellationToken);
    }

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken) => inner.GetAsync(path, cancellationToken);

    public Task<IStorageLock> AcquireLockAsync(string path, LockHolder holder, CancellationToken cancellationToken) => inner.AcquireLockAsync(path, holder, cancellationToken);

    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return Listed is { } rewrite ? inner.ListAsync(prefix, cancellationToken).Select(rewrite) : inner.ListAsync(prefix, cancellationToken);
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        BeforeDelete?.Invoke(Interlocked.Increment(ref _deletes) - 1);
        return inner.DeleteAsync(path, cancellationToken);
    }

    public Task<StoredObject> CopyFromAsync(IObjectStore source, string sourcePath, string path, CancellationToken cancellationToken) => inner.CopyFromAsync(source, sourcePath, path, cancellationToken);

    public IObjectStore Sub(string relativePath) => inner.Sub(relativePath);
}
