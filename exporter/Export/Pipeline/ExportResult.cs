using Handoff.Shared.Manifest;

namespace Handoff.Exporter.Export;

/// <summary>A committed export: its manifest, and where that manifest is.</summary>
public sealed record ExportResult(ExportManifest Manifest, string ManifestLocation, TimeSpan Elapsed);
