namespace Handoff.SparkJob.Engines;

/// <summary>
/// What a load did. <paramref name="Skipped"/> loads committed nothing (<paramref name="Message"/>
/// says why). <paramref name="PreviousVersion"/> is the table version before the commit, null
/// when the load created the table.
/// </summary>
public sealed record LoadOutcome(bool Skipped, string Message, long Version, long? PreviousVersion);
