using Handoff.Shared.Schema;

namespace Handoff.Shared.Data;

/// <summary>
/// A block of rows held column by column, so that columnar writers (Parquet) take the arrays as
/// they are and row writers (CSV, JSON, Avro) read them without boxing. Each column is an array
/// of the nullable CLR type of its logical type (see <see cref="ClrTypes"/>), of length
/// <see cref="Capacity"/>; only the first <see cref="Count"/> entries are rows. A batch is
/// reused: a producer refills it, so consumers must not keep references to its arrays.
/// </summary>
public sealed class RowBatch
{
    public RowBatch(TableSchema schema, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Schema = schema;
        Capacity = capacity;
        Columns = schema.Select(c => ClrTypes.NewArray(c.Type, capacity)).ToArray();
    }

    public TableSchema Schema { get; }

    public int Capacity { get; }

    /// <summary>How many rows the batch holds now.</summary>
    public int Count { get; set; }

    /// <summary>One array per column, e.g. <c>long?[]</c> for a long column.</summary>
    public Array[] Columns { get; }

    public T?[] Values<T>(int column)
        where T : struct => (T?[])Columns[column];

    public T?[] References<T>(int column)
        where T : class => (T?[])Columns[column];

    /// <summary>Drops the first <paramref name="rows"/> rows, moving the rest to the front.</summary>
    public void RemoveFirst(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Count);
        var remaining = Count - rows;
        foreach (var column in Columns)
        {
            Array.Copy(column, rows, column, 0, remaining);
        }

        Count = remaining;
    }

    /// <summary>The value at (row, column), boxed; null for SQL NULL. For tests and slow paths only.</summary>
    public object? GetValue(int row, int column) => Columns[column].GetValue(row);
}
