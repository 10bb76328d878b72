namespace Handoff.SparkJob.Delta.Schema;

/// <summary>How data files name their columns (table property <c>delta.columnMapping.mode</c>).</summary>
public enum ColumnMappingMode
{
    None,
    Name,
    Id,
}
