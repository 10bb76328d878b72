using System.Buffers;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Parquet's RLE/bit-packing hybrid encoding for a bit width of 1 (definition levels of flat
/// optional columns). Runs of whole bytes that are all 0 or all 1 become RLE runs; everything
/// else is bit-packed, eight values per byte. Only the last group may be padded, as the format
/// allows, since the reader knows the page's value count.
/// </summary>
internal static class HybridRle
{
    /// <summary>parquet-mr's limit on groups per bit-packed run; readers accept more, but none need more.</summary>
    private const int MaxGroupsPerPackedRun = 63;

    public static void Encode(BitList bits, IBufferWriter<byte> output)
    {
        if (bits.Count == 0)
        {
            return;
        }

        if (bits.Zeros == 0 || bits.Zeros == bits.Count)
        {
            WriteRleRun(output, bits.Count, bits.Zeros == 0);
            return;
        }

        var groups = bits.Bytes;
        var fullGroups = bits.Count >> 3;
        var group = 0;
        while (group < groups.Length)
        {
            var value = groups[group];
            if (group < fullGroups && value is 0x00 or 0xFF)
            {
                var end = group + 1;
                while (end < fullGroups && groups[end] == value)
                {
                    end++;
                }

                // The byte after a run of ones may still start with ones, but a run must cover whole groups.
                WriteRleRun(output, (end - group) * 8, value == 0xFF);
                group = end;
                continue;
            }

            var packedEnd = group + 1;
            while (packedEnd < groups.Length && packedEnd - group < MaxGroupsPerPackedRun
                && !(packedEnd < fullGroups && groups[packedEnd] is 0x00 or 0xFF))
            {
                packedEnd++;
            }

            WriteVarint(output, ((uint)(packedEnd - group) << 1) | 1);
            var span = output.GetSpan(packedEnd - group);
            groups[group..packedEnd].CopyTo(span);
            output.Advance(packedEnd - group);
            group = packedEnd;
        }
    }

    /// <summary>Bit-packs values of <paramref name="bitWidth"/> bits (dictionary indices), eight per group, the last group padded with zeros.</summary>
    public static void EncodeBitPacked(ReadOnlySpan<int> values, int bitWidth, IBufferWriter<byte> output)
    {
        var start = 0;
        while (start < values.Length)
        {
            var groups = Math.Min(MaxGroupsPerPackedRun, (values.Length - start + 7) >> 3);
            WriteVarint(output, ((uint)groups << 1) | 1);
            var span = output.GetSpan(groups * bitWidth);
            var written = 0;
            ulong buffer = 0;
            var bits = 0;
            for (var i = 0; i < groups * 8; i++)
            {
                var value = start + i < values.Length ? (uint)values[start + i] : 0u;
                buffer |= (ulong)value << bits;
                bits += bitWidth;
                while (bits >= 8)
                {
                    span[written++] = (byte)buffer;
                    buffer >>= 8;
                    bits -= 8;
                }
            }

            output.Advance(written);
            start += groups * 8;
        }
    }

    private static void WriteRleRun(IBufferWriter<byte> output, int count, bool value)
    {
        WriteVarint(output, (uint)count << 1);
        var span = output.GetSpan(1);
        span[0] = value ? (byte)1 : (byte)0;
        output.Advance(1);
    }

    private static void WriteVarint(IBufferWriter<byte> output, uint value)
    {
        var span = output.GetSpan(5);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        output.Advance(length);
    }
}
