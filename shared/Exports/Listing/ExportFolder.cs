using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.Listing;

/// <summary>
/// A folder directly under an exports prefix, as one listing shows it: its manifest.json (null
/// when there is none, so the folder is not a committed export), its other files and their bytes,
/// its newest change, and whether a run's lock or a .DONE marker is there.
/// </summary>
public sealed record ExportFolder(string Name, StoredObject? Manifest, int Files, long Bytes, DateTimeOffset? LastModified, bool Locked, bool Done)
{
    public bool IsCommitted => Manifest is not null;
}
