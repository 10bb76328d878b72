using System.Runtime.CompilerServices;
using Handoff.Shared.Schema;
using Parquet;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>A column of value types, handed to Parquet.Net as the batch's own nullable array type (no boxing).</summary>
internal class ValueColumnBuffer<T>(Column column, DataField field) : ColumnBuffer(column, field)
    where T : struct
{
    private T?[] _values = [];
    private int _count;

    public override void Append(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<T?>((T?[])source, offset, count);
        if (!Column.Nullable)
        {
            var firstNull = IndexOfNull(values);
            if (firstNull >= 0)
            {
                throw NullInRequiredColumn(offset + firstNull);
            }
        }

        Observe(values, offset);
        _values = Grow(_values, _count + count);
        values.CopyTo(_values.AsSpan(_count));
        _count += count;
        EstimatedBytes += (long)count * Unsafe.SizeOf<T?>();
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken) =>
        writer.WriteAsync<T>(Field, new ReadOnlyMemory<T?>(_values, 0, _count), null, null, cancellationToken);

    public override void Clear()
    {
        _count = 0;
        EstimatedBytes = 0;
    }

    /// <summary>Sees each appended slice before it is copied: a place to check values or gather statistics.</summary>
    protected virtual void Observe(ReadOnlySpan<T?> values, int offset)
    {
    }

    private static int IndexOfNull(ReadOnlySpan<T?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!values[i].HasValue)
            {
                return i;
            }
        }

        return -1;
    }
}
