using Handoff.Shared.Manifest;

namespace Handoff.Shared.Exports.Listing;

/// <summary>
/// A committed export under a prefix: its folder and its manifest, or, when the manifest cannot
/// be read or trusted, why (such an export cannot be loaded either).
/// </summary>
public sealed record ListedExport(ExportFolder Folder, ExportManifest? Manifest, string? Problem);
