using Handoff.SparkJob.Delta.Transactions;

namespace Handoff.SparkJob.Job;

/// <summary>How a load runs: its write mode, its idempotency stream, and whether a failed validation rolls back.</summary>
public sealed record JobOptions
{
    public DeltaWriteMode Mode { get; init; } = DeltaWriteMode.Overwrite;

    /// <summary>The txn appId; null means the table location.</summary>
    public string? Stream { get; init; }

    public bool RollbackOnFailure { get; init; }
}
