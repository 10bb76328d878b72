using Handoff.Shared.Schema;

namespace Handoff.Shared.Data;

/// <summary>
/// A block of rows held column by column, so that columnar writers (Parquet) take the arrays as
/// they are and row writers (CSV, JSON, Avro) read them without boxing. Each column is an array
/// of the nullable CLR type of its logical type (see <see cref="ClrTypes"/>), of length
/// <see cref="Capacity"/>; only the first <see cref="Count"/> entries are rows. A batch is
/// reused: a producer refills it, so consumers must not keep references to its arrays.
/// <para>
/// A string column may instead hold UTF-8 bytes (<see cref="WriteUtf8"/>, <see cref="Utf8"/>):
/// writers of UTF-8 formats copy them as they are, and <see cref="Column"/> decodes them into the
/// string array for every other consumer, so no consumer can see a column's stale strings.
/// </para>
/// </summary>
public sealed class RowBatch
{
    private readonly Array[] _columns;
    private readonly Utf8Column?[] _utf8;
    private readonly bool[] _holdsUtf8;

    public RowBatch(TableSchema schema, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Schema = schema;
        Capacity = capacity;
        _columns = schema.Select(c => ClrTypes.NewArray(c.Type, capacity)).ToArray();
        _utf8 = new Utf8Column?[_columns.Length];
        _holdsUtf8 = new bool[_columns.Length];
    }

    public TableSchema Schema { get; }

    public int Capacity { get; }

    /// <summary>How many rows the batch holds now.</summary>
    public int Count { get; set; }

    public int ColumnCount => _columns.Length;

    /// <summary>
    /// Column <paramref name="column"/>'s array, e.g. <c>long?[]</c> for a long column; a string
    /// column held as UTF-8 is decoded into its array first (and from then on held as strings).
    /// </summary>
    public Array Column(int column)
    {
        if (_holdsUtf8[column])
        {
            var utf8 = _utf8[column]!;
            var strings = (string?[])_columns[column];
            for (var row = 0; row < Count; row++)
            {
                strings[row] = utf8.ToText(row);
            }

            _holdsUtf8[column] = false;
        }

        return _columns[column];
    }

    public T?[] Values<T>(int column)
        where T : struct => (T?[])Column(column);

    public T?[] References<T>(int column)
        where T : class => (T?[])Column(column);

    /// <summary>The column's UTF-8 bytes when it holds them, otherwise null (read <see cref="Column"/>).</summary>
    public Utf8Column? Utf8(int column) => _holdsUtf8[column] ? _utf8[column] : null;

    /// <summary>For a producer: the string column is about to be filled as UTF-8 bytes instead of strings.</summary>
    public Utf8Column WriteUtf8(int column)
    {
        if (Schema[column].Type.Kind != LogicalKind.String)
        {
            throw new InvalidOperationException($"column '{Schema[column].Name}' is {Schema[column].Type}, not a string");
        }

        _holdsUtf8[column] = true;
        return _utf8[column] ??= new Utf8Column(Capacity);
    }

    /// <summary>Drops the first <paramref name="rows"/> rows, moving the rest to the front.</summary>
    public void RemoveFirst(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Count);
        var remaining = Count - rows;
        for (var c = 0; c < _columns.Length; c++)
        {
            if (_holdsUtf8[c])
            {
                _utf8[c]!.RemoveFirst(rows, Count);
            }
            else
            {
                Array.Copy(_columns[c], rows, _columns[c], 0, remaining);
            }
        }

        Count = remaining;
    }

    /// <summary>The value at (row, column), boxed; null for SQL NULL. For tests and slow paths only.</summary>
    public object? GetValue(int row, int column) => _holdsUtf8[column] ? _utf8[column]!.ToText(row) : _columns[column].GetValue(row);
}
