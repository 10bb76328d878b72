namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// A Parquet data file already written inside the table folder, to be added by a transaction.
/// <paramref name="Path"/> is the object path relative to the table root ("part-00000.parquet",
/// "exports/e1/part-00000.parquet"); the log stores it URI-encoded. <paramref name="Stats"/> is the
/// stats JSON (see <see cref="Stats.StatsJsonWriter"/>), with at least numRecords when known.
/// </summary>
public sealed record DataFile(string Path, long Size, DateTimeOffset ModificationTime, string? Stats);
