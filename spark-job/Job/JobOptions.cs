using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Transactions;

namespace Handoff.SparkJob.Job;

/// <summary>How a load or validate run reports: where the history table is, and whether a failed validation rolls back.</summary>
public sealed record JobOptions
{
    public DeltaWriteMode Mode { get; init; } = DeltaWriteMode.Overwrite;

    /// <summary>The txn appId; null means the table location.</summary>
    public string? Stream { get; init; }

    /// <summary>The validation-history table; null means <c>&lt;table&gt;_validation</c> beside the target.</summary>
    public IObjectStore? History { get; init; }

    public bool RollbackOnFailure { get; init; }
}
