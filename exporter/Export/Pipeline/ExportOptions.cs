using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;

namespace Handoff.Exporter.Export;

/// <summary>Everything that shapes one export, apart from where the rows come from and go to.</summary>
public sealed record ExportOptions
{
    public required string ExportId { get; init; }

    public required FormatSpec Format { get; init; }

    public SplitPolicy Split { get; init; } = SplitPolicy.None;

    public FileNameTemplate FileNames { get; init; } = FileNameTemplate.Parse(FileNameTemplate.Default);

    /// <summary>Write a <c>.DONE</c> marker after the manifest, for consumers that poll for one.</summary>
    public bool SuccessFile { get; init; }

    public bool CreateContainer { get; init; }

    /// <summary>
    /// Rows per batch read from the source. Three batches are in flight; larger batches were not
    /// faster on the benchmark but let more strings live long enough to be promoted, which cost
    /// 60-90 MB of peak memory at 16k rows.
    /// </summary>
    public int BatchRows { get; init; } = DefaultBatchRows;

    public const int DefaultBatchRows = 4096;
}
