using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.Avro;

/// <summary>Avro's binary encoding of integers: zigzag, then base-128 varint.</summary>
internal static class AvroBinary
{
    public const int MaxVarintBytes = 10;

    public static int WriteLong(Span<byte> destination, long value)
    {
        var n = (ulong)((value << 1) ^ (value >> 63));
        var i = 0;
        while (n >= 0x80)
        {
            destination[i++] = (byte)(n | 0x80);
            n >>= 7;
        }

        destination[i++] = (byte)n;
        return i;
    }

    public static int VarintLength(long value)
    {
        var n = (ulong)((value << 1) ^ (value >> 63));
        var length = 1;
        while (n >= 0x80)
        {
            n >>= 7;
            length++;
        }

        return length;
    }

    /// <summary>Reads a zigzag varint at <paramref name="position"/>; false if the data ends first.</summary>
    public static bool TryReadLong(ReadOnlySpan<byte> data, ref int position, out long value)
    {
        ulong n = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                value = 0;
                return false;
            }

            var b = data[position++];
            n |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                value = (long)(n >> 1) ^ -(long)(n & 1);
                return true;
            }
        }

        throw new InputFormatException("an Avro varint is longer than 10 bytes (corrupt data)");
    }
}
