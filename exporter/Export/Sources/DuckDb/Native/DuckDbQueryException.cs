namespace Handoff.Exporter.Sources.DuckDb.Native;

/// <summary>DuckDB refused or failed a statement; the message is DuckDB's own.</summary>
public sealed class DuckDbQueryException(string message) : Exception(message);
