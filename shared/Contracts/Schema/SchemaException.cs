namespace Handoff.Shared.Schema;

/// <summary>A schema that cannot be exported or stored: bad column names or unsupported types.</summary>
public sealed class SchemaException(string message) : Exception(message);
