using Handoff.Shared.Formats.Text;
using Handoff.Shared.Schema;
using Parquet;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>Strings and binary values: references are copied, the objects are shared with the batch's producer.</summary>
internal sealed class ReferenceColumnBuffer<T>(Column column, DataField field) : ColumnBuffer(column, field)
    where T : class
{
    /// <summary>Longer bounds would bloat the footer; such a chunk gets no string statistics.</summary>
    private const int MaxStatisticsChars = 1024;

    private static readonly bool IsString = typeof(T) == typeof(string);

    private T?[] _values = [];
    private int _count;
    private string? _min;
    private string? _max;

    public override void Append(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<T?>((T?[])source, offset, count);
        long bytes = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value is null)
            {
                if (!Column.Nullable)
                {
                    throw NullInRequiredColumn(offset + i);
                }

                continue;
            }

            if (IsString)
            {
                var text = (string)(object)value;
                if (Utf16Text.HasUnpairedSurrogate(text))
                {
                    // Parquet.Net would silently write U+FFFD instead.
                    throw new InvalidDataException($"column '{Column.Name}', row {offset + i} of the batch: {Utf16Text.UnpairedSurrogate(text).Message}");
                }

                bytes += 24 + (2L * text.Length);
                _min = _min is null || Utf8Order.Compare(text, _min) < 0 ? text : _min;
                _max = _max is null || Utf8Order.Compare(text, _max) > 0 ? text : _max;
            }
            else
            {
                bytes += 24 + ((byte[])(object)value).Length;
            }
        }

        _values = Grow(_values, _count + count);
        values.CopyTo(_values.AsSpan(_count));
        _count += count;
        EstimatedBytes += (count * 8L) + bytes;
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken) => IsString
        ? writer.WriteAsync(Field, new ArraySegment<string>((string[])(object)_values, 0, _count), null)
        : writer.WriteAsync(Field, new ArraySegment<byte[]>((byte[][])(object)_values, 0, _count), null);

    /// <summary>Parquet.Net orders strings by UTF-16 code units; Parquet readers compare UTF-8 bytes.</summary>
    public override StatisticsOverride? TakeStatistics()
    {
        if (!IsString)
        {
            return null;
        }

        return _min is null || _max is null || _min.Length > MaxStatisticsChars || _max.Length > MaxStatisticsChars
            ? StatisticsOverride.None
            : new StatisticsOverride(System.Text.Encoding.UTF8.GetBytes(_min), System.Text.Encoding.UTF8.GetBytes(_max));
    }

    public override void Clear()
    {
        // Drop references so a finished row group's strings can be collected.
        Array.Clear(_values, 0, _count);
        _count = 0;
        _min = null;
        _max = null;
        EstimatedBytes = 0;
    }
}
