namespace Handoff.Exporter.Export;

/// <summary>The export id already has a manifest: a committed export is never overwritten.</summary>
public sealed class ExportAlreadyCommittedException(string manifestLocation, string note = "")
    : Exception($"export already committed: {manifestLocation} exists{note}; choose another --export-id (a committed export is never overwritten)");
