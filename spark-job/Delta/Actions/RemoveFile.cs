namespace Handoff.SparkJob.Delta.Actions;

/// <summary>The <c>remove</c> action: a tombstone for a logical file that left the table.</summary>
public sealed record RemoveFile(
    string Path,
    long? DeletionTimestamp,
    bool DataChange,
    bool? ExtendedFileMetadata = null,
    IReadOnlyDictionary<string, string?>? PartitionValues = null,
    long? Size = null,
    DeletionVectorDescriptor? DeletionVector = null,
    long? BaseRowId = null,
    long? DefaultRowCommitVersion = null) : IDeltaAction
{
    /// <summary>The tombstone that removes <paramref name="add"/> (same path and deletion vector, so the same key).</summary>
    public static RemoveFile For(AddFile add, long deletionTimestamp) => new(
        add.Path,
        deletionTimestamp,
        DataChange: true,
        ExtendedFileMetadata: true,
        add.PartitionValues,
        add.Size,
        add.DeletionVector,
        add.BaseRowId,
        add.DefaultRowCommitVersion);
}
