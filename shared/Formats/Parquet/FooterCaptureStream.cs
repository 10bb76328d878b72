namespace Handoff.Shared.Formats.Parquet;

/// <summary>
/// The stream Parquet.Net writes to: it passes data pages through to the output and, once
/// <see cref="StartCapture"/> is called, keeps the rest (the footer) in memory so that it can be
/// patched before it reaches the output. Disposing it leaves the output open.
/// </summary>
internal sealed class FooterCaptureStream(Stream output) : Stream
{
    private MemoryStream? _captured;
    private long _position;

    public Stream Output { get; } = output;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("the Parquet output stream is not seekable");
    }

    public void StartCapture() => _captured ??= new MemoryStream();

    public ReadOnlySpan<byte> Captured => _captured is null ? default : _captured.GetBuffer().AsSpan(0, (int)_captured.Length);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _position += buffer.Length;
        if (_captured is not null)
        {
            _captured.Write(buffer);
        }
        else
        {
            Output.Write(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _position += buffer.Length;
        if (_captured is not null)
        {
            _captured.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        return Output.WriteAsync(buffer, cancellationToken);
    }

    // Parquet.Net flushes after every page; passing that on would make an upload stream send
    // small blocks, synchronously. The writer flushes the output once, when the file is complete.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the Parquet output stream is write-only");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("the Parquet output stream is not seekable");

    public override void SetLength(long value) => throw new NotSupportedException("the Parquet output stream is not seekable");
}
