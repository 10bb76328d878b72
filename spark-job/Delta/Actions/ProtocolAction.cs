namespace Handoff.SparkJob.Delta.Actions;

/// <summary>The <c>protocol</c> action. Feature lists exist only at reader version 3 / writer version 7.</summary>
public sealed record ProtocolAction(
    int MinReaderVersion,
    int MinWriterVersion,
    IReadOnlyList<string>? ReaderFeatures = null,
    IReadOnlyList<string>? WriterFeatures = null) : IDeltaAction
{
    /// <summary>The protocol this code creates tables at.</summary>
    public static ProtocolAction ForNewTable { get; } = new(1, 2);
}
