using Handoff.Shared.Manifest;
using Handoff.Shared.Validation;

namespace Handoff.SparkJob.Validation;

/// <summary>The report's summary computed from the validator's facts and checks (the summary's model is in Handoff.Contracts, which knows no validator).</summary>
public static class ValidationSummaryFactory
{
    public static ValidationSummary Of(ExportManifest manifest, IReadOnlyList<FileFact> files, TableFacts table, IReadOnlyList<ValidationCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(checks);
        var verified = manifest.Files.Count(file =>
        {
            var prefix = FileChecks.NameOf(file.Path) + " ";
            var ofFile = checks.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            return ofFile.Count > 0 && ofFile.All(c => c.Status == CheckStatus.Passed);
        });
        var hashed = files.Where(f => f.Checksum is not null).ToList();
        var checksums = hashed.Count == 0 ? null
            : hashed.All(f => f.ChecksumRecomputed) ? "recomputed MD5"
            : hashed.Any(f => f.ChecksumRecomputed) ? "stored and recomputed MD5"
            : "stored MD5";
        return new ValidationSummary
        {
            Files = manifest.Files.Count,
            FilesVerified = verified,
            Checksums = checksums,
            Bytes = manifest.Files.Sum(f => f.Bytes),
            Mode = table.Mode,
            RowsExpected = manifest.RowCount,
            RowsActual = table.Mode == TableFacts.Append ? table.RowsAddedByCommit : table.TableRowCount,
            Columns = manifest.Schema.Count,
            NamesMatch = Passed(checks, c => c.Name == SchemaChecks.ColumnsName),
            TypesMatch = Passed(checks, SchemaChecks.IsTypeCheck),
            NullabilityMatch = Passed(checks, c => SchemaChecks.IsNullabilityCheck(c) || SchemaChecks.IsNullsCheck(c)),
            TableVersion = table.Version,
            TableRows = table.TableRowCount,
        };
    }

    private static bool Passed(IReadOnlyList<ValidationCheck> checks, Func<ValidationCheck, bool> which) =>
        checks.Where(which).All(c => c.Status != CheckStatus.Failed);
}
