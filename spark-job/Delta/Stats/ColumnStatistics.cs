namespace Handoff.SparkJob.Delta.Stats;

/// <summary>
/// What a writer knows about one column of a data file: its null count and min/max as CLR
/// values of the column's logical type (see <c>Handoff.Shared.Data.ClrTypes</c>); null when unknown.
/// </summary>
public sealed record ColumnStatistics(long? NullCount, object? Min, object? Max);
