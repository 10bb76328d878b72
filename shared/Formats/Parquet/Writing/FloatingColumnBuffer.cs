using System.Numerics;
using System.Runtime.InteropServices;
using Handoff.Shared.Schema;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Doubles and floats, with statistics as the Parquet spec wants them: no NaN in min/max (a
/// chunk holding NaN gets none, since Spark orders NaN above every number), -0.0 as a zero
/// minimum and +0.0 as a zero maximum.
/// </summary>
internal sealed class FloatingColumnBuffer<T>(Column column, DataField field) : ValueColumnBuffer<T>(column, field)
    where T : struct, IFloatingPointIeee754<T>
{
    private T _min;
    private T _max;
    private bool _any;
    private bool _nan;

    public override StatisticsOverride? TakeStatistics()
    {
        if (_nan || !_any)
        {
            return StatisticsOverride.None;
        }

        var min = T.IsZero(_min) ? -T.Zero : _min;
        var max = T.IsZero(_max) ? T.Zero : _max;
        return new StatisticsOverride(Bytes(min), Bytes(max));
    }

    public override void Clear()
    {
        base.Clear();
        _any = false;
        _nan = false;
    }

    protected override void Observe(ReadOnlySpan<T?> values, int offset)
    {
        foreach (var item in values)
        {
            if (item is not { } value)
            {
                continue;
            }

            if (T.IsNaN(value))
            {
                _nan = true;
            }
            else if (!_any)
            {
                _min = value;
                _max = value;
                _any = true;
            }
            else
            {
                _min = value < _min ? value : _min;
                _max = value > _max ? value : _max;
            }
        }
    }

    private static byte[] Bytes(T value)
    {
        // Parquet's plain encoding of FLOAT and DOUBLE is IEEE 754 little-endian.
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }
}
