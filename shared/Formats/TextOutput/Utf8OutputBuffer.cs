using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Formats.TextOutput;

/// <summary>
/// A growable byte buffer that encoders fill synchronously and drain to a stream once it holds
/// <see cref="FlushThreshold"/> bytes, so a file is written in large writes without holding it whole.
/// Over an <see cref="IBlockOutput"/> (see <see cref="Over"/>) it fills the output's own blocks
/// and drains by handing each over, so the bytes are never copied.
/// </summary>
internal sealed class Utf8OutputBuffer : IBufferWriter<byte>
{
    public const int FlushThreshold = 64 * 1024;

    private readonly IBlockOutput? _blocks;
    private byte[] _buffer;
    private int _length;

    public Utf8OutputBuffer(int initialCapacity = 128 * 1024) => _buffer = new byte[initialCapacity];

    private Utf8OutputBuffer(IBlockOutput blocks, byte[] firstBlock)
    {
        _blocks = blocks;
        _buffer = firstBlock;
    }

    public int Length => _length;

    /// <summary>
    /// Time to drain: <see cref="FlushThreshold"/> bytes held, or over blocks, less than that left
    /// free (a hand-over per 64 KB made the two threads contend for the queue's lock).
    /// </summary>
    public bool IsFull => _blocks is null ? _length >= FlushThreshold : _buffer.Length - _length < FlushThreshold;

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

    /// <summary>A buffer that drains to <paramref name="output"/>, filling its blocks in place when it has them.</summary>
    public static Utf8OutputBuffer Over(Stream output) =>
        output is IBlockOutput blocks ? new Utf8OutputBuffer(blocks, blocks.RentFirstBlock()) : new Utf8OutputBuffer();

    public async ValueTask DrainToAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_length == 0)
        {
            return;
        }

        if (_blocks is null)
        {
            await stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
        }
        else
        {
            if (!ReferenceEquals(stream, _blocks))
            {
                throw new InvalidOperationException("a buffer over an output's blocks drains only to that output");
            }

            await _blocks.SubmitAsync(_buffer, _length, cancellationToken);
            _buffer = await _blocks.RentBlockAsync(cancellationToken);
        }

        _length = 0;
    }

    public void Clear() => _length = 0;

    /// <summary>
    /// Writes a batch's <paramref name="count"/> rows with <paramref name="writeRows"/> (from a row
    /// on until this buffer is full or the rows end; it returns the next row), draining to
    /// <paramref name="output"/> whenever the buffer is full and once at the end: whole batches
    /// reach the output, so a file split by size is cut right after the batch that fills it. The
    /// writers' per-row loops live in <paramref name="writeRows"/>, outside this async method: a
    /// local of an async method is a field of its state machine, read through memory on every value.
    /// </summary>
    public async Task WriteRowsAsync(int count, Func<int, int, int> writeRows, Stream output, CancellationToken cancellationToken)
    {
        var row = 0;
        while (row < count)
        {
            row = writeRows(row, count);
            if (IsFull)
            {
                await DrainToAsync(output, cancellationToken);
            }
        }

        await DrainToAsync(output, cancellationToken);
    }

    /// <summary>Called for every value: the check is inlined into the callers, the growth is not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int size)
    {
        if (_buffer.Length - _length < size)
        {
            Grow(size);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        // A value longer than the space left goes into a larger array of ours; over blocks (1 MB,
        // handed over with less than 64 KB free) only a value over 64 KB gets here, and the block goes back.
        var grown = new byte[Math.Max(_buffer.Length * 2, _length + size)];
        _buffer.AsSpan(0, _length).CopyTo(grown);
        _blocks?.Return(_buffer);
        _buffer = grown;
    }
}
