using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.SparkConnect.Results;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// Whether an export can be written into an existing table by position (INSERT INTO / INSERT
/// OVERWRITE keep the table's schema): the same column names in the same order, equal types,
/// and no nullable export column going into a NOT NULL table column.
/// </summary>
internal static class SparkSchemaCompatibility
{
    public static void EnsureWritable(IReadOnlyList<SparkColumn> table, TableSchema export, DeltaWriteMode mode, string tableName)
    {
        var problems = new List<string>();
        for (var i = 0; i < Math.Max(table.Count, export.Count); i++)
        {
            if (i >= table.Count)
            {
                problems.Add($"'{export[i].Name}' is not in the table");
                continue;
            }

            if (i >= export.Count)
            {
                problems.Add($"'{table[i].Name}' is in the table but not in the export");
                continue;
            }

            var (column, existing) = (export[i], table[i]);
            if (!string.Equals(column.Name, existing.Name, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"column {i + 1} is '{column.Name}' in the export but '{existing.Name}' in the table");
            }
            else if (!LogicalType.TryParse(existing.Type, out var type) || type != column.Type)
            {
                problems.Add($"'{column.Name}' is {column.Type} in the export but {existing.Type} in the table");
            }
            else if (!existing.Nullable && column.Nullable)
            {
                problems.Add($"'{column.Name}' may be null in the export but is NOT NULL in the table");
            }
        }

        if (problems.Count > 0)
        {
            var verb = mode == DeltaWriteMode.Append ? "append to" : "overwrite";
            throw new InputDataException($"cannot {verb} {tableName}: the export's schema is incompatible with the table's ({string.Join("; ", problems)}); Spark's INSERT keeps the table's schema, so drop or rename the table to load a new schema; nothing was loaded");
        }
    }
}
