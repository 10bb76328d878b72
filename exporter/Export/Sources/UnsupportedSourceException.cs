namespace Handoff.Exporter.Sources;

/// <summary>
/// The source text names a kind of database we do not support, or cannot be parsed (exit code 2).
/// Messages never repeat a connection string, which may hold a password.
/// </summary>
public sealed class UnsupportedSourceException(string message) : ArgumentException(message);
