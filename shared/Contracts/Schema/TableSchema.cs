using System.Collections;

namespace Handoff.Shared.Schema;

/// <summary>An ordered list of columns. Construction checks the names (see <see cref="ColumnNameRules"/>).</summary>
public sealed class TableSchema : IReadOnlyList<Column>
{
    private readonly Column[] _columns;

    public TableSchema(IEnumerable<Column> columns)
    {
        _columns = columns.ToArray();
        ColumnNameRules.Check(_columns.Select(c => c.Name));
    }

    public int Count => _columns.Length;

    public Column this[int index] => _columns[index];

    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _columns.GetEnumerator();

    public override string ToString() => string.Join(", ", _columns.Select(c => $"{c.Name} {c.Type}{(c.Nullable ? string.Empty : " not null")}"));
}
