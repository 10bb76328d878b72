using Handoff.SparkJob.Delta.Actions;

namespace Handoff.SparkJob.Delta;

/// <summary>One commit of the table's history: its version and commitInfo (null when the commit has none).</summary>
public sealed record CommitHistoryEntry(long Version, CommitInfo? CommitInfo);
