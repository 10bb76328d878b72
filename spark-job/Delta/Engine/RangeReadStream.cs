using Handoff.Shared.Storage;

namespace Handoff.SparkJob.Delta.Engine;

/// <summary>
/// A read-only, seekable view of an object that fetches byte ranges on demand. Parquet readers
/// seek to the footer and then to column chunks, which a plain download stream cannot do.
/// </summary>
internal sealed class RangeReadStream : Stream
{
    private const int ChunkSize = 1024 * 1024;
    private readonly IObjectStore _store;
    private readonly string _path;
    private ReadOnlyMemory<byte> _chunk;
    private long _chunkStart = -1;
    private long _position;

    public RangeReadStream(IObjectStore store, string path, long length)
    {
        _store = store;
        _path = path;
        Length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= Length || buffer.Length == 0)
        {
            return 0;
        }

        if (_chunkStart < 0 || _position < _chunkStart || _position >= _chunkStart + _chunk.Length)
        {
            var length = (int)Math.Min(Math.Max(ChunkSize, buffer.Length), Length - _position);
            _chunk = await _store.ReadRangeAsync(_path, _position, length, cancellationToken);
            _chunkStart = _position;
            if (_chunk.Length == 0)
            {
                return 0;
            }
        }

        var available = _chunk.Span[(int)(_position - _chunkStart)..];
        var copied = Math.Min(available.Length, buffer.Length);
        available[..copied].CopyTo(buffer.Span);
        _position += copied;
        return copied;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
