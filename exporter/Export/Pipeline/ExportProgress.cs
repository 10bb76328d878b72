namespace Handoff.Exporter.Export;

/// <summary>A progress report: rows and encoded bytes so far, and how many files are finished.</summary>
public readonly record struct ExportProgress(long Rows, long Bytes, int FilesCommitted, TimeSpan Elapsed);
