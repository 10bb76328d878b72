using Handoff.Shared.Input;

namespace Handoff.Shared.Schema.Decimals;

/// <summary>Unscaled decimals as big-endian two's complement bytes, the form of Avro's decimal and Parquet's FIXED_LEN_BYTE_ARRAY decimals.</summary>
internal static class BigEndianTwosComplement
{
    /// <summary>Writes the shortest encoding (1 to 16 bytes) and returns its length.</summary>
    public static int Write(Int128 value, Span<byte> destination)
    {
        var length = 16;

        // Drop leading bytes that only repeat the sign of the next byte.
        while (length > 1)
        {
            var top = (byte)(value >> ((length - 1) * 8));
            var nextSign = (byte)(value >> ((length - 2) * 8)) & 0x80;
            if ((top == 0x00 && nextSign == 0) || (top == 0xFF && nextSign != 0))
            {
                length--;
            }
            else
            {
                break;
            }
        }

        for (var i = 0; i < length; i++)
        {
            destination[length - 1 - i] = (byte)(value >> (i * 8));
        }

        return length;
    }

    /// <summary>Reads 1 to 16 bytes.</summary>
    public static Int128 Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || bytes.Length > 16)
        {
            throw new InputFormatException($"a decimal of {bytes.Length} bytes does not fit 16 bytes");
        }

        Int128 value = (sbyte)bytes[0];
        for (var i = 1; i < bytes.Length; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }
}
