using System.Globalization;
using Handoff.Shared.Validation;

namespace Handoff.SparkJob.Validation;

/// <summary>
/// Every data file the table's version references is in storage with the size its log records:
/// a table whose file was deleted would otherwise still report that file's rows from its stats.
/// </summary>
internal static class DataFilesCheck
{
    public const string Name = "table data files";

    /// <summary>The check, or null when the engine could not list the table's files.</summary>
    public static ValidationCheck? For(TableFacts table)
    {
        if (table.DataFileProblems is not { } problems)
        {
            return null;
        }

        const string expected = "present, with their sizes";
        return problems.Count == 0
            ? new ValidationCheck(Name, expected, "present, with their sizes", CheckStatus.Passed)
            : new ValidationCheck(Name, expected, string.Create(CultureInfo.InvariantCulture, $"{problems.Count} wrong: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? "; ..." : string.Empty)}"), CheckStatus.Failed);
    }
}
