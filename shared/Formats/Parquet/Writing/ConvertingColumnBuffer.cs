using Handoff.Shared.Schema;
using Parquet;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>Turns one batch value into the physical value Parquet.Net writes; a static interface so each buffer's loop is specialised and inlined.</summary>
internal interface IValueConverter<TSource, TTarget>
    where TSource : struct
    where TTarget : struct
{
    static abstract TTarget Convert(TSource value, Column column, int row);
}

/// <summary>
/// A column whose values are converted to their physical Parquet form as they are copied in
/// (see <see cref="Schema.Mappings.ParquetTypeMapping.ToWriteField"/>).
/// </summary>
internal sealed class ConvertingColumnBuffer<TSource, TTarget, TConverter>(Column column, DataField field) : ColumnBuffer(column, field)
    where TSource : struct
    where TTarget : struct
    where TConverter : IValueConverter<TSource, TTarget>
{
    private TTarget?[] _values = [];
    private int _count;

    public override void Append(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<TSource?>((TSource?[])source, offset, count);
        _values = Grow(_values, _count + count);
        var target = _values.AsSpan(_count, count);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                target[i] = TConverter.Convert(value, Column, offset + i);
            }
            else if (Column.Nullable)
            {
                target[i] = null;
            }
            else
            {
                throw NullInRequiredColumn(offset + i);
            }
        }

        _count += count;
        EstimatedBytes += count * (long)System.Runtime.CompilerServices.Unsafe.SizeOf<TTarget?>();
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken) =>
        writer.WriteAsync<TTarget>(Field, new ReadOnlyMemory<TTarget?>(_values, 0, _count), null, null, cancellationToken);

    public override void Clear()
    {
        _count = 0;
        EstimatedBytes = 0;
    }
}
