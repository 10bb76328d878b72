using System.Globalization;

namespace Handoff.SparkJob.Delta.Actions;

/// <summary>
/// Which rows of a data file are deleted. Only <see cref="Cardinality"/> is used to count rows;
/// the bitmap itself is never read.
/// </summary>
public sealed record DeletionVectorDescriptor(
    string StorageType,
    string PathOrInlineDv,
    int? Offset,
    int SizeInBytes,
    long Cardinality,
    long? MaxRowIndex = null)
{
    /// <summary>The protocol's derived uniqueId: storage type, path or inline data, and "@offset" when there is one.</summary>
    public string UniqueId => Offset is null
        ? StorageType + PathOrInlineDv
        : string.Create(CultureInfo.InvariantCulture, $"{StorageType}{PathOrInlineDv}@{Offset}");
}
