namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>
/// What a commit did. <see cref="Attempts"/> counts put-if-absent tries (1 when no other writer
/// interfered). A checkpoint failure does not fail the commit, which is already durable: it is
/// reported in <see cref="CheckpointError"/>.
/// </summary>
public sealed record DeltaCommitResult(
    long Version,
    int Attempts,
    int FilesAdded,
    int FilesRemoved,
    long? CheckpointVersion,
    string? CheckpointError);
