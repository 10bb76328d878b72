using Handoff.Shared.Schema;

namespace Handoff.Shared.Manifest;

/// <summary>
/// The commit point of an export: what was exported, how it is encoded and which files hold
/// it. Written last by the exporter (<see cref="ManifestJson.Serialize"/>) and read, as
/// untrusted input, by the loader (<see cref="ManifestJson.Parse"/>). Two manifests are equal
/// when every field is, including the columns and files in order.
/// </summary>
public sealed record ExportManifest
{
    public const int CurrentVersion = 1;

    public int ManifestVersion { get; init; } = CurrentVersion;

    public required string ExportId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required ManifestSource Source { get; init; }

    public required FormatSpec Format { get; init; }

    public required TableSchema Schema { get; init; }

    public required long RowCount { get; init; }

    public required IReadOnlyList<ManifestFile> Files { get; init; }

    public bool Equals(ExportManifest? other) =>
        other is not null
        && ManifestVersion == other.ManifestVersion
        && ExportId == other.ExportId
        && CreatedAt.Equals(other.CreatedAt)
        && Equals(Source, other.Source)
        && Equals(Format, other.Format)
        && Schema.SequenceEqual(other.Schema)
        && RowCount == other.RowCount
        && Files.SequenceEqual(other.Files);

    public override int GetHashCode() => HashCode.Combine(ManifestVersion, ExportId, CreatedAt, RowCount, Files.Count);
}
