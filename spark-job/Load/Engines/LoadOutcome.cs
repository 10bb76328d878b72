namespace Handoff.SparkJob.Engines;

/// <summary>
/// What a load did. <paramref name="Skipped"/> loads committed nothing (<paramref name="Message"/>
/// says why). <paramref name="PreviousVersion"/> is the table version before the commit, null
/// when the load created the table.
/// </summary>
public sealed record LoadOutcome(bool Skipped, string Message, long Version, long? PreviousVersion)
{
    /// <summary>
    /// The checksum the load verified for each manifest file (by manifest path) while bringing it
    /// into the table, when the engine did; the report shows these rather than the pre-load check's.
    /// </summary>
    public IReadOnlyDictionary<string, FileChecksum>? Checksums { get; init; }
}
