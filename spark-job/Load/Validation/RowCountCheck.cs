using System.Globalization;
using Handoff.Shared.Manifest;
using Handoff.Shared.Validation;

namespace Handoff.SparkJob.Validation;

/// <summary>
/// The load put exactly the exported rows in the table: after an overwrite the table holds
/// them all; after an append the commit added them (the table may hold earlier rows too).
/// </summary>
internal static class RowCountCheck
{
    public const string Name = "row count";

    public static ValidationCheck For(ExportManifest manifest, TableFacts table)
    {
        switch (table.Mode)
        {
            case TableFacts.Overwrite:
                return ValidationCheck.Compare(Name, Rows(manifest.RowCount), Rows(table.TableRowCount));
            case TableFacts.Append:
                var expected = Rows(manifest.RowCount) + " added";
                return table.RowsAddedByCommit is { } added
                    ? ValidationCheck.Compare(Name, expected, Rows(added) + " added")
                    : new ValidationCheck(Name, expected, "unknown (the engine did not report the rows its commit added)", CheckStatus.Failed);
            default:
                throw new ArgumentException($"mode '{table.Mode}' is neither '{TableFacts.Overwrite}' nor '{TableFacts.Append}'", nameof(table));
        }
    }

    private static string Rows(long count) => string.Create(CultureInfo.InvariantCulture, $"{count} rows");
}
