namespace Handoff.SparkJob.Delta.Actions;

/// <summary>
/// The <c>add</c> action: a data file (with an optional deletion vector) that is part of the table.
/// <see cref="Path"/> is kept URI-encoded exactly as in the log, since it is part of the file's identity.
/// </summary>
public sealed record AddFile(
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long Size,
    long ModificationTime,
    bool DataChange,
    string? Stats = null,
    IReadOnlyDictionary<string, string?>? Tags = null,
    DeletionVectorDescriptor? DeletionVector = null,
    long? BaseRowId = null,
    long? DefaultRowCommitVersion = null,
    string? ClusteringProvider = null) : IDeltaAction;
