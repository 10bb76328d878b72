using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Schema;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>Whether an export can be appended to an existing table: the same column names (exactly, as the Delta commit checks them) with equal types.</summary>
internal static class SchemaCompatibility
{
    public static void EnsureAppendable(IReadOnlyList<DeltaColumn> table, TableSchema export, string tableLocation)
    {
        var problems = new List<string>();
        var tableByName = table.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in export)
        {
            if (!tableByName.TryGetValue(column.Name, out var existing))
            {
                problems.Add($"'{column.Name}' is not in the table");
            }
            else if (existing.TypeText != column.Type.ToString())
            {
                problems.Add($"'{column.Name}' is {column.Type} in the export but {existing.TypeText} in the table");
            }
            else if (!existing.Nullable && column.Nullable)
            {
                problems.Add($"'{column.Name}' may be null in the export but is NOT NULL in the table");
            }
        }

        var exportNames = export.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(table.Where(c => !exportNames.Contains(c.Name)).Select(c => $"'{c.Name}' is in the table but not in the export"));
        if (problems.Count > 0)
        {
            throw new DeltaException(DeltaErrorKind.SchemaMismatch, $"cannot append to {tableLocation}: the export's schema is incompatible with the table's: {string.Join("; ", problems)}");
        }
    }
}
