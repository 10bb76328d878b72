namespace Handoff.SparkJob.Delta.Log;

/// <summary>One complete checkpoint: a single file, or every part of a multi-part checkpoint.</summary>
public sealed record CheckpointFiles(long Version, LogFileKind Kind, IReadOnlyList<LogFile> Files);
