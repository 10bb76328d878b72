using Handoff.Shared.Manifest;
using Handoff.Shared.Validation;

namespace Handoff.SparkJob.Validation;

/// <summary>
/// Compares what an engine found (files in storage, the table after the load) with what the
/// manifest promised. Engine-neutral: the embedded engine and Spark supply the same facts.
/// </summary>
public static class ManifestValidator
{
    public static ValidationReport Validate(ExportManifest manifest, IReadOnlyList<FileFact> files, TableFacts table, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(table);
        var startedAt = (clock ?? TimeProvider.System).GetUtcNow();
        var checks = new List<ValidationCheck>();
        if (ExportInTableCheck.For(manifest.ExportId, table) is { } inTable)
        {
            checks.Add(inTable);
        }

        checks.AddRange(FileChecks.For(manifest.Files, files));
        if (DataFilesCheck.For(table) is { } dataFiles)
        {
            checks.Add(dataFiles);
        }

        checks.Add(RowCountCheck.For(manifest, table));
        checks.AddRange(SchemaChecks.For(manifest.Schema, table));
        return new ValidationReport(manifest.ExportId, table.Table, table.Version, startedAt, checks)
        {
            Summary = ValidationSummaryFactory.Of(manifest, files, table, checks),
        };
    }
}
