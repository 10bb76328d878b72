namespace Handoff.Exporter.Sources;

/// <summary>The source refused the connection or the query (exit code 3).</summary>
public sealed class SourceException(string message, Exception? inner = null) : Exception(message, inner);
