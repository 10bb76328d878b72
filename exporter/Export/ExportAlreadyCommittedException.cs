namespace Handoff.Exporter.Export;

/// <summary>The export id already has a manifest: a committed export is never overwritten.</summary>
public sealed class ExportAlreadyCommittedException(string manifestLocation)
    : Exception($"export already committed: {manifestLocation} exists; choose another --export-id (a committed export is never overwritten)");
