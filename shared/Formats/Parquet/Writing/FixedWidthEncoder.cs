using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Integers, dates, timestamps and decimals of up to 18 digits: each value converted to its
/// INT32/INT64 physical value and stored little-endian, with signed min/max statistics.
/// </summary>
internal sealed class FixedWidthEncoder<TSource, TPhysical, TConverter>(Column column, PageCodec codec, PageScratch scratch, int pageBytes) : ColumnChunkEncoder(column, codec, scratch, pageBytes)
    where TSource : struct
    where TPhysical : unmanaged, INumber<TPhysical>
    where TConverter : IPhysicalValue<TSource, TPhysical>
{
    private TPhysical _min;
    private TPhysical _max;
    private bool _any;

    protected override void Encode(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<TSource?>((TSource?[])source, offset, count);
        var size = Unsafe.SizeOf<TPhysical>();
        var target = MemoryMarshal.Cast<byte, TPhysical>(Values.GetSpan(count * size));
        var written = 0;
        var min = _min;
        var max = _max;
        var any = _any;
        for (var i = 0; i < values.Length; i++)
        {
            if (!IsPresent(values[i].HasValue, offset + i))
            {
                continue;
            }

            var physical = TConverter.Convert(values[i].GetValueOrDefault(), Column, offset + i);
            target[written++] = physical;
            if (!any)
            {
                min = physical;
                max = physical;
                any = true;
            }
            else if (physical < min)
            {
                min = physical;
            }
            else if (physical > max)
            {
                max = physical;
            }
        }

        (_min, _max, _any) = (min, max, any);
        Values.Advance(written * size);
    }

    protected override (byte[]? Min, byte[]? Max) TakeBounds()
    {
        var bounds = _any ? (PlainBytes.Of(_min), PlainBytes.Of(_max)) : ((byte[]?)null, (byte[]?)null);
        _any = false;
        return bounds;
    }
}

/// <summary>A fixed-width value's PLAIN encoding: its little-endian bytes (the writer runs on little-endian machines only).</summary>
internal static class PlainBytes
{
    public static byte[] Of<T>(T value)
        where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
