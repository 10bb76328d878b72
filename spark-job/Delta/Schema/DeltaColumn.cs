using Handoff.Shared.Schema;

namespace Handoff.SparkJob.Delta.Schema;

/// <summary>
/// A top-level column as callers see it: the logical (display) name, the type text (Delta JSON
/// names, see <see cref="DeltaType"/>) and nullability.
/// </summary>
public sealed record DeltaColumn(string Name, string TypeText, bool Nullable, DeltaType Type, string PhysicalName)
{
    /// <summary>The logical type when the column has one of the export types; false for nested and other types.</summary>
    public bool TryGetLogicalType(out LogicalType? type) => LogicalType.TryParse(TypeText, out type) && type!.ToString() == TypeText;
}
