namespace Handoff.SparkJob.Delta.History;

/// <summary>
/// One version of a table as its commit tells it: when (commitInfo.timestamp), what operation,
/// its userMetadata, and the rows its added and removed files hold (stats.numRecords less the
/// rows their deletion vectors delete); null where the log does not say.
/// </summary>
public sealed record VersionChange(long Version, DateTimeOffset? Timestamp, string? Operation, string? UserMetadata, long? RowsAdded, long? RowsRemoved);
