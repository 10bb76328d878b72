namespace Handoff.SparkJob.Delta.Actions;

/// <summary>The <c>sidecar</c> action of a v2 checkpoint: a Parquet file in <c>_delta_log/_sidecars/</c> holding file actions.</summary>
public sealed record SidecarFile(string Path, long SizeInBytes, long ModificationTime) : IDeltaAction;
