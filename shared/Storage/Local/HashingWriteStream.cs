using System.Security.Cryptography;

namespace Handoff.Shared.Storage;

/// <summary>
/// A write-only, forward-only stream that passes bytes to an inner stream while computing their
/// MD5 and counting them, so a file's checksum costs no second read. Disposing it only ends
/// writing: the owner of the inner stream and of the hash decides when to release them, so a
/// writer that disposes the stream it was given does not lose the upload.
/// </summary>
internal sealed class HashingWriteStream : Stream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _md5;
    private bool _disposed;

    public HashingWriteStream(Stream inner, IncrementalHash md5)
    {
        _inner = inner;
        _md5 = md5;
    }

    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _inner.Write(buffer);
        _md5.AppendData(buffer);
        BytesWritten += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _inner.WriteAsync(buffer, cancellationToken);
        _md5.AppendData(buffer.Span);
        BytesWritten += buffer.Length;
    }

    public override void Flush()
    {
        if (!_disposed)
        {
            _inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _disposed ? Task.CompletedTask : _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;

        base.Dispose(disposing);
    }
}
