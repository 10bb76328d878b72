using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>
/// The manifest built from files that came without one, and each file as the listing showed it
/// when its checksum was computed from its bytes, in this run: a file that still shows the same
/// size and last-modified time need not be hashed again before a load (which hashes what it reads anyway).
/// </summary>
public sealed record FilesManifest(ExportManifest Manifest, IReadOnlyList<StoredObject> HashedFiles);
