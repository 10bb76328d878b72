using System.Globalization;
using Handoff.Shared.Schema;
using Handoff.Shared.Validation;

namespace Handoff.SparkJob.Validation;

/// <summary>
/// The table's columns are the manifest's, in order, with the same types, nullability that can
/// hold the data, and no nulls where the manifest promised none. Names match ignoring case, as
/// Spark resolves them: appending "id" into a table column "ID" writes that column.
/// </summary>
internal static class SchemaChecks
{
    public const string ColumnsName = "schema columns";

    public static bool IsTypeCheck(ValidationCheck check) => check.Name.StartsWith("column ", StringComparison.Ordinal) && check.Name.EndsWith(" type", StringComparison.Ordinal);

    public static bool IsNullabilityCheck(ValidationCheck check) => check.Name.StartsWith("column ", StringComparison.Ordinal) && check.Name.EndsWith(" nullability", StringComparison.Ordinal);

    public static bool IsNullsCheck(ValidationCheck check) => check.Name.StartsWith("column ", StringComparison.Ordinal) && check.Name.EndsWith(" nulls", StringComparison.Ordinal);

    public static IEnumerable<ValidationCheck> For(TableSchema expected, TableFacts table)
    {
        yield return Columns(expected, table.Columns);
        foreach (var column in expected)
        {
            var fact = table.Columns.FirstOrDefault(c => SameName(c.Name, column.Name));
            if (fact is null)
            {
                yield return new ValidationCheck($"column {column.Name} type", column.Type.ToString(), "column not in table", CheckStatus.Failed);
                continue;
            }

            yield return Type(column, fact);
            yield return Nullability(column, fact);
            if (!column.Nullable)
            {
                yield return Nulls(column, fact, table.NullCounts);
            }
        }
    }

    private static ValidationCheck Columns(TableSchema expected, IReadOnlyList<TableColumnFact> actual)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var position = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (i >= actual.Count)
            {
                return Failed($"column {position} '{expected[i].Name}'", $"missing (the table has {Count(actual.Count)})");
            }

            if (i >= expected.Count)
            {
                return Failed(Count(expected.Count), $"{Count(actual.Count)}; column {position} '{actual[i].Name}' is extra");
            }

            if (!SameName(expected[i].Name, actual[i].Name))
            {
                return Failed($"column {position} '{expected[i].Name}'", $"column {position} '{actual[i].Name}'");
            }
        }

        return new ValidationCheck(ColumnsName, string.Join(", ", expected.Select(c => c.Name)), string.Join(", ", actual.Select(c => c.Name)), CheckStatus.Passed);

        static ValidationCheck Failed(string expectedText, string actualText) => new(ColumnsName, expectedText, actualText, CheckStatus.Failed);
    }

    private static ValidationCheck Type(Column column, TableColumnFact fact)
    {
        var name = $"column {column.Name} type";
        var expected = column.Type.ToString();

        // Delta and Spark spell types in the manifest's vocabulary; aliases (bigint, int) parse to the same type.
        return LogicalType.TryParse(fact.Type, out var actual)
            ? new ValidationCheck(name, expected, actual!.ToString(), actual == column.Type ? CheckStatus.Passed : CheckStatus.Failed)
            : new ValidationCheck(name, expected, $"{fact.Type} (not a manifest type)", CheckStatus.Failed);
    }

    private static ValidationCheck Nullability(Column column, TableColumnFact fact)
    {
        var name = $"column {column.Name} nullability";
        var actual = fact.Nullable ? "nullable" : "not null";

        // Non-null data fits either kind of column; data with nulls needs a nullable one.
        return column.Nullable
            ? new ValidationCheck(name, "nullable", actual, fact.Nullable ? CheckStatus.Passed : CheckStatus.Failed)
            : new ValidationCheck(name, "nullable or not null", actual, CheckStatus.Passed);
    }

    private static ValidationCheck Nulls(Column column, TableColumnFact fact, IReadOnlyDictionary<string, long>? nullCounts)
    {
        var name = $"column {column.Name} nulls";
        const string Expected = "0 nulls";
        if (NullCount(nullCounts, fact.Name, column.Name) is { } count)
        {
            return new ValidationCheck(name, Expected, string.Create(CultureInfo.InvariantCulture, $"{count} nulls"), count == 0 ? CheckStatus.Passed : CheckStatus.Failed);
        }

        // Delta rejects writes of nulls into a NOT NULL column, so the constraint itself is the proof.
        return fact.Nullable
            ? new ValidationCheck(name, Expected, "unknown (no stats)", CheckStatus.Unverified)
            : new ValidationCheck(name, Expected, "0 nulls (the table column is NOT NULL)", CheckStatus.Passed);
    }

    private static long? NullCount(IReadOnlyDictionary<string, long>? nullCounts, string tableName, string manifestName)
    {
        if (nullCounts is null)
        {
            return null;
        }

        if (nullCounts.TryGetValue(tableName, out var count) || nullCounts.TryGetValue(manifestName, out count))
        {
            return count;
        }

        foreach (var (key, value) in nullCounts)
        {
            if (SameName(key, manifestName))
            {
                return value;
            }
        }

        return null;
    }

    private static string Count(int columns) => columns == 1 ? "1 column" : string.Create(CultureInfo.InvariantCulture, $"{columns} columns");

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
