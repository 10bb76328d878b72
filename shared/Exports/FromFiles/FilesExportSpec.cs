using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>
/// How files that came without a manifest are to be read: their format, the CSV dialect, the
/// schema (required for CSV, JSON and Avro, whose files are parsed with it, never inferred;
/// optional for Parquet, whose footers carry one) and whether a .DONE marker must be present.
/// </summary>
public sealed record FilesExportSpec
{
    public required FileFormat Format { get; init; }

    /// <summary>The CSV dialect (csv only; null means the defaults).</summary>
    public CsvOptions? Csv { get; init; }

    public TableSchema? Schema { get; init; }

    public bool RequireDone { get; init; }
}
