using Handoff.Shared.Validation;

namespace Handoff.SparkJob.Validation;

/// <summary>
/// The export being validated is in the table at all. Without this, validating an export that was
/// never loaded showed only a wrong row count and unverified rows; this check says it in one line,
/// naming the export the table holds instead.
/// </summary>
internal static class ExportInTableCheck
{
    public const string Name = "export in table";

    /// <summary>The check, or null when the engine cannot tell which exports the table holds.</summary>
    public static ValidationCheck? For(string exportId, TableFacts table)
    {
        if (table.ExportsInTable is not { } exports)
        {
            return null;
        }

        if (exports.Contains(exportId, StringComparer.Ordinal))
        {
            return new ValidationCheck(Name, exportId, exportId, CheckStatus.Passed);
        }

        var holds = exports.Count switch
        {
            0 => "no export",
            1 => $"export {exports[0]}",
            <= 3 => $"exports {string.Join(", ", exports)}",
            _ => $"exports {string.Join(", ", exports.Take(3))} and {exports.Count - 3} more",
        };
        return new ValidationCheck(Name, exportId, $"not in the table: version {table.Version} holds {holds}", CheckStatus.Failed);
    }

    /// <summary>The one-line statement for the top of a report, when the export is missing.</summary>
    public static string? Sentence(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Checks.FirstOrDefault(c => c.Name == Name && c.Status == CheckStatus.Failed) is { } missing
            ? $"export {report.ExportId} is not in {report.Table}: {missing.Actual["not in the table: ".Length..]}"
            : null;
    }
}
