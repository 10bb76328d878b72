namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// A read-only view of a body that ticks the attempt's <see cref="InactivityTimeout"/> on every
/// read and reports the bytes read so far (upload progress). As a response body it also owns
/// the response, the timeout and the attempt's resources, and disposes them with itself.
/// </summary>
internal sealed class TickingStream(Stream inner, InactivityTimeout timeout, Action<long>? progress = null, IDisposable? owned = null) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Moved(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return Moved(await inner.ReadAsync(buffer, linked.Token));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owned?.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Moved(int count)
    {
        timeout.Tick();
        if (count > 0)
        {
            _read += count;
            progress?.Invoke(_read);
        }

        return count;
    }
}
