using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Parquet;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Timestamps as INT64 microseconds since the epoch (see <see cref="ParquetTypeMapping.ToWriteField"/>
/// for why Parquet.Net does not get DateTime values). Ticks below a microsecond are dropped.
/// </summary>
internal sealed class TimestampColumnBuffer(Column column, DataField field) : ColumnBuffer(column, field)
{
    private long?[] _values = [];
    private int _count;

    public override void Append(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<DateTime?>((DateTime?[])source, offset, count);
        _values = Grow(_values, _count + count);
        var target = _values.AsSpan(_count, count);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                target[i] = FloorMicros(value);
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
        EstimatedBytes += count * 16L;
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken) =>
        writer.WriteAsync<long>(Field, new ReadOnlyMemory<long?>(_values, 0, _count), null, null, cancellationToken);

    public override void Clear()
    {
        _count = 0;
        EstimatedBytes = 0;
    }

    // Flooring, not truncating toward zero, keeps instants before 1970 in order.
    private static long FloorMicros(DateTime value) => Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, 10, out var rest) - (rest < 0 ? 1 : 0);
}
