using System.Buffers;
using System.Text.Unicode;

namespace Handoff.Shared.Formats.Text;

/// <summary>
/// A growable byte buffer that encoders fill synchronously and drain to a stream once it holds
/// <see cref="FlushThreshold"/> bytes, so a file is written in large writes without holding it whole.
/// </summary>
internal sealed class Utf8OutputBuffer(int initialCapacity = 128 * 1024) : IBufferWriter<byte>
{
    public const int FlushThreshold = 64 * 1024;

    private byte[] _buffer = new byte[initialCapacity];
    private int _length;

    public int Length => _length;

    public bool IsFull => _length >= FlushThreshold;

    /// <summary>The written bytes as a segment of the internal array; valid until the next write.</summary>
    public ArraySegment<byte> Written => new(_buffer, 0, _length);

    /// <summary>Already written bytes, to fill in a reserved prefix.</summary>
    public Span<byte> WrittenSlice(int start, int length) => _buffer.AsSpan(0, _length).Slice(start, length);

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_length);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public void Advance(int count) => _length += count;

    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Ensure(1);
        }

        _buffer[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Encodes text as UTF-8; a lone surrogate (which has no UTF-8 form) is an error, not a silent U+FFFD.</summary>
    public void WriteUtf16(ReadOnlySpan<char> text)
    {
        Ensure(text.Length * 3);
        var status = Utf8.FromUtf16(text, _buffer.AsSpan(_length), out _, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw Utf16Text.UnpairedSurrogate(text);
        }

        _length += written;
    }

    public async ValueTask DrainToAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
            _length = 0;
        }
    }

    public void Clear() => _length = 0;

    private void Ensure(int size)
    {
        if (_buffer.Length - _length >= size)
        {
            return;
        }

        var grown = new byte[Math.Max(_buffer.Length * 2, _length + size)];
        _buffer.AsSpan(0, _length).CopyTo(grown);
        _buffer = grown;
    }
}
