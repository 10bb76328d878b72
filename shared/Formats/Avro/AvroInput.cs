using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.Avro;

/// <summary>Buffered, async reads of the container-level parts of an Avro file (varints, byte runs).</summary>
internal sealed class AvroInput(Stream stream)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _length;
    private bool _eof;

    /// <summary>The next zigzag varint, or null at a clean end of the stream.</summary>
    public async ValueTask<long?> ReadLongAsync(string what, CancellationToken cancellationToken)
    {
        await FillAsync(AvroBinary.MaxVarintBytes, cancellationToken);
        if (_position == _length)
        {
            return null;
        }

        var position = _position;
        if (!AvroBinary.TryReadLong(_buffer.AsSpan(0, _length), ref position, out var value))
        {
            throw Truncated(what);
        }

        _position = position;
        return value;
    }

    public async ValueTask<long> ReadRequiredLongAsync(string what, CancellationToken cancellationToken) =>
        await ReadLongAsync(what, cancellationToken) ?? throw Truncated(what);

    public async ValueTask ReadExactlyAsync(Memory<byte> destination, string what, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(destination.Length, _length - _position);
        _buffer.AsMemory(_position, buffered).CopyTo(destination);
        _position += buffered;
        if (buffered == destination.Length)
        {
            return;
        }

        try
        {
            await stream.ReadExactlyAsync(destination[buffered..], cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new InputFormatException($"the Avro file ends inside {what} (truncated?)", e);
        }
    }

    private async ValueTask FillAsync(int wanted, CancellationToken cancellationToken)
    {
        while (_length - _position < wanted && !_eof)
        {
            if (_position > 0)
            {
                _buffer.AsSpan(_position, _length - _position).CopyTo(_buffer);
                _length -= _position;
                _position = 0;
            }

            if (_length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
            _length += read;
            _eof = read == 0;
        }
    }

    private static InputFormatException Truncated(string what) => new($"the Avro file ends inside {what} (truncated?)");
}
