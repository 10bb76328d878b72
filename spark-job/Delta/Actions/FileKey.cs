namespace Handoff.SparkJob.Delta.Actions;

/// <summary>The identity of a logical file during replay: its (still URI-encoded) path and its deletion vector's id.</summary>
public readonly record struct FileKey(string Path, string? DeletionVectorId)
{
    public static FileKey Of(AddFile add) => new(add.Path, add.DeletionVector?.UniqueId);

    public static FileKey Of(RemoveFile remove) => new(remove.Path, remove.DeletionVector?.UniqueId);
}
