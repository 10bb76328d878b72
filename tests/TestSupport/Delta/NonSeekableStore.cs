using Handoff.Shared.Storage;

namespace Handoff.Tests.Delta.Support;

/// <summary>A store whose read streams cannot seek, like a plain HTTP download, to exercise range reads.</summary>
public sealed class NonSeekableStore(IObjectStore inner) : IObjectStore
{
    private int _rangeReads;

    public int RangeReads => _rangeReads;

    public StorageLocation Root => inner.Root;

    public Task EnsureContainerAsync(bool createIfMissing, CancellationToken cancellationToken) => inner.EnsureContainerAsync(createIfMissing, cancellationToken);

    public Task<IObjectUpload> StartUploadAsync(string path, CancellationToken cancellationToken) => inner.StartUploadAsync(path, cancellationToken);

    public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.PutIfAbsentAsync(path, content, cancellationToken);

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        new ForwardOnlyReadStream(await inner.OpenReadAsync(path, cancellationToken));

    public Task<ReadOnlyMemory<byte>> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _rangeReads);
        return inner.ReadRangeAsync(path, offset, length, cancellationToken);
    }

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken) => inner.GetAsync(path, cancellationToken);

    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

    public Task<StoredObject> CopyFromAsync(IObjectStore source, string sourcePath, string path, CancellationToken cancellationToken) => inner.CopyFromAsync(source, sourcePath, path, cancellationToken);

    public Task<IStorageLock> AcquireLockAsync(string path, LockHolder holder, CancellationToken cancellationToken) => inner.AcquireLockAsync(path, holder, cancellationToken);

    public IObjectStore Sub(string relativePath) => new NonSeekableStore(inner.Sub(relativePath));

    private sealed class ForwardOnlyReadStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
