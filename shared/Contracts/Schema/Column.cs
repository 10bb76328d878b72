namespace Handoff.Shared.Schema;

/// <summary>One column of an export or a table: its name, its logical type and whether it may hold nulls.</summary>
public sealed record Column(string Name, LogicalType Type, bool Nullable);
