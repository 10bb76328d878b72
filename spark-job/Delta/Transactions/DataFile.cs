using Handoff.SparkJob.Delta.Stats;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// A Parquet data file already written inside the table folder, to be added by a transaction.
/// <paramref name="Path"/> is the object path relative to the table root ("part-00000.parquet",
/// "exports/e1/part-00000.parquet"); the log stores it URI-encoded. <paramref name="Stats"/> is the
/// stats JSON (see <see cref="StatsJsonWriter"/>), with at least numRecords when known.
/// </summary>
public sealed record DataFile(string Path, long Size, DateTimeOffset ModificationTime, string? Stats)
{
    /// <summary>
    /// The file's statistics as values, when known (<see cref="DeltaTable.DescribeDataFileAsync"/>
    /// sets them): the transaction then writes the stats under the data-skipping properties of the
    /// table it commits to, in place of <see cref="Stats"/>, which assumed Delta's defaults.
    /// </summary>
    public CollectedStats? Collected { get; init; }
}
