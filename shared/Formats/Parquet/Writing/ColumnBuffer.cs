using Handoff.Shared.Schema;
using Parquet;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// The values of one column for the row group being built. Row batches are reused by their
/// producer, so values are copied in; the copy is also where nulls in non-nullable columns are
/// caught and our own statistics are gathered.
/// </summary>
internal abstract class ColumnBuffer(Column column, DataField field)
{
    public Column Column { get; } = column;

    public DataField Field { get; } = field;

    /// <summary>About how much memory the buffered values hold.</summary>
    public long EstimatedBytes { get; protected set; }

    /// <summary>Appends <paramref name="count"/> values of a batch column starting at <paramref name="offset"/>.</summary>
    public abstract void Append(Array source, int offset, int count);

    public abstract Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken);

    /// <summary>Our statistics for the chunk just written, or null to keep Parquet.Net's.</summary>
    public virtual StatisticsOverride? TakeStatistics() => null;

    public abstract void Clear();

    protected InvalidDataException NullInRequiredColumn(int offset) =>
        new($"column '{Column.Name}' is not nullable but row {offset} of the batch is null");

    protected static T[] Grow<T>(T[] array, int needed)
    {
        if (needed <= array.Length)
        {
            return array;
        }

        var grown = new T[Math.Max(needed, Math.Max(1024, array.Length * 2))];
        Array.Copy(array, grown, array.Length);
        return grown;
    }
}
