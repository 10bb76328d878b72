using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Doubles and floats, with statistics as the Parquet spec wants them: no NaN in min/max (a
/// chunk holding NaN gets none, since Spark orders NaN above every number), -0.0 as a zero
/// minimum and +0.0 as a zero maximum.
/// </summary>
internal sealed class FloatingEncoder<T>(Column column, PageCodec codec, PageScratch scratch, int pageBytes) : ColumnChunkEncoder(column, codec, scratch, pageBytes)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T _min;
    private T _max;
    private bool _any;
    private bool _nan;

    protected override void Encode(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<T?>((T?[])source, offset, count);
        var size = Unsafe.SizeOf<T>();
        var target = MemoryMarshal.Cast<byte, T>(Values.GetSpan(count * size));
        var written = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (IsPresent(values[i].HasValue, offset + i))
            {
                var value = values[i].GetValueOrDefault();
                target[written++] = value;
                Observe(value);
            }
        }

        Values.Advance(written * size);
    }

    protected override (byte[]? Min, byte[]? Max) TakeBounds()
    {
        var bounds = _nan || !_any
            ? ((byte[]?)null, (byte[]?)null)
            : (PlainBytes.Of(T.IsZero(_min) ? -T.Zero : _min), PlainBytes.Of(T.IsZero(_max) ? T.Zero : _max));
        _any = false;
        _nan = false;
        return bounds;
    }

    private void Observe(T value)
    {
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
