using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.Job;

namespace Handoff.SparkJob.Engines;

/// <summary>
/// Load one committed export into a table. <paramref name="Stream"/> is the txn appId that makes
/// loads idempotent: the manifest's createdAt (ms) is the txn version, so a re-run or an older
/// export of the same stream is skipped.
/// </summary>
public sealed record LoadRequest(ExportReference Export, DeltaWriteMode Mode, string Stream)
{
    /// <summary>Where the engine reports rows as it brings them into the table, when it can.</summary>
    public IProgress<long>? Rows { get; init; }
}
