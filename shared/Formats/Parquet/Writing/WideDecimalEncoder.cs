using System.Buffers.Binary;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Decimals of more than 18 digits as 16-byte FIXED_LEN_BYTE_ARRAY: the unscaled value in
/// big-endian two's complement. A value that does not fit the column's precision and scale
/// without rounding is refused.
/// </summary>
internal sealed class WideDecimalEncoder(Column column, PageCodec codec, PageScratch scratch, int pageBytes) : ColumnChunkEncoder(column, codec, scratch, pageBytes)
{
    public const int ByteWidth = 16;

    private Int128 _min;
    private Int128 _max;
    private bool _any;

    protected override void Encode(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<decimal?>((decimal?[])source, offset, count);
        var target = Values.GetSpan(count * ByteWidth);
        var written = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!IsPresent(values[i].HasValue, offset + i))
            {
                continue;
            }

            var unscaled = UnscaledDecimal.Of(values[i].GetValueOrDefault(), Column, offset + i);
            BinaryPrimitives.WriteInt128BigEndian(target.Slice(written * ByteWidth, ByteWidth), unscaled);
            written++;
            (_min, _max) = _any ? (Int128.Min(_min, unscaled), Int128.Max(_max, unscaled)) : (unscaled, unscaled);
            _any = true;
        }

        Values.Advance(written * ByteWidth);
    }

    protected override (byte[]? Min, byte[]? Max) TakeBounds()
    {
        var bounds = _any ? (BigEndian(_min), BigEndian(_max)) : ((byte[]?)null, (byte[]?)null);
        _any = false;
        return bounds;
    }

    private static byte[] BigEndian(Int128 value)
    {
        var bytes = new byte[ByteWidth];
        BinaryPrimitives.WriteInt128BigEndian(bytes, value);
        return bytes;
    }
}
