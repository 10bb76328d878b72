using Handoff.Shared.Formats;

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

    /// <summary>Rows per batch read from the source.</summary>
    public int BatchRows { get; init; } = 16_384;
}
