namespace Handoff.SparkJob.Delta.Actions;

/// <summary>The <c>checkpointMetadata</c> action that every v2 checkpoint carries.</summary>
public sealed record CheckpointMetadata(long Version) : IDeltaAction;
