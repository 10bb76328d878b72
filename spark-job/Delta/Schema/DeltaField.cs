namespace Handoff.SparkJob.Delta.Schema;

/// <summary>
/// A field of a struct (a column at top level). <see cref="Metadata"/> keeps each metadata value as
/// its raw JSON text, e.g. <c>"\"col-5f42...\""</c> or <c>4</c>.
/// </summary>
public sealed record DeltaField(string Name, DeltaType Type, bool Nullable, IReadOnlyDictionary<string, string> Metadata)
{
    public const string PhysicalNameKey = "delta.columnMapping.physicalName";
    public const string ColumnIdKey = "delta.columnMapping.id";
    public const string InvariantsKey = "delta.invariants";

    /// <summary>The name used in data files, statistics and partition values under column mapping; the display name otherwise.</summary>
    public string PhysicalName => Metadata.TryGetValue(PhysicalNameKey, out var raw) && raw.Length >= 2 && raw[0] == '"'
        ? System.Text.Json.JsonSerializer.Deserialize<string>(raw) ?? Name
        : Name;
}
