namespace Handoff.SparkJob.Delta.Stats;

/// <summary>
/// The statistics of one live data file as a validator needs them: record counts and the null
/// count of each top-level column, keyed by logical column name (physical names under column
/// mapping are translated). Columns without a recorded null count are absent from <see cref="NullCounts"/>.
/// </summary>
public sealed record FileStatistics(
    string Path,
    long? NumRecords,
    long DeletedRecords,
    IReadOnlyDictionary<string, long> NullCounts,
    bool? TightBounds)
{
    /// <summary>Rows the file contributes to the table: NumRecords minus rows deleted by its deletion vector.</summary>
    public long? LiveRecords => NumRecords - DeletedRecords;
}
