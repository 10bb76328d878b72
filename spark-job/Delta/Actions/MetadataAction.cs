namespace Handoff.SparkJob.Delta.Actions;

/// <summary>The <c>metaData</c> action: table id, schema, partitioning and configuration.</summary>
public sealed record MetadataAction(
    string Id,
    string? Name,
    string? Description,
    string FormatProvider,
    IReadOnlyDictionary<string, string?> FormatOptions,
    string? SchemaString,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyDictionary<string, string?> Configuration,
    long? CreatedTime) : IDeltaAction
{
    /// <summary>True when both describe the same table shape (id, schema, partitioning, configuration).</summary>
    public bool SameShapeAs(MetadataAction other) =>
        Id == other.Id
        && SchemaString == other.SchemaString
        && PartitionColumns.SequenceEqual(other.PartitionColumns)
        && Configuration.Count == other.Configuration.Count
        && Configuration.All(kv => other.Configuration.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
