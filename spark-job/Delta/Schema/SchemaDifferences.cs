using Handoff.Shared.Schema;

namespace Handoff.SparkJob.Delta.Schema;

/// <summary>Compares the schema of data being written with a table's columns.</summary>
public static class SchemaDifferences
{
    /// <summary>
    /// Human-readable differences that make <paramref name="data"/> unfit for the table: a column
    /// missing on either side, a different type, or nullable data for a NOT NULL column. Empty
    /// when the data can be written. Names compare exactly, since data files resolve columns by name.
    /// </summary>
    public static IReadOnlyList<string> Between(TableSchema data, IReadOnlyList<DeltaColumn> table)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(table);
        var differences = new List<string>();
        var tableByName = table.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in data)
        {
            if (!tableByName.TryGetValue(column.Name, out var existing))
            {
                differences.Add($"column '{column.Name}' is not in the table");
                continue;
            }

            if (existing.TypeText != column.Type.ToString())
            {
                differences.Add($"column '{column.Name}' is {column.Type} in the data but {existing.TypeText} in the table");
            }

            if (column.Nullable && !existing.Nullable)
            {
                differences.Add($"column '{column.Name}' is nullable in the data but NOT NULL in the table");
            }
        }

        var dataNames = data.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        differences.AddRange(table.Where(c => !dataNames.Contains(c.Name)).Select(c => $"table column '{c.Name}' is not in the data"));
        return differences;
    }
}
