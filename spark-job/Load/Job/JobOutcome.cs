using Handoff.Shared.Validation;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Job;

/// <summary>
/// The result of a load or validate run: the load (null for validate), the report (null when the
/// load was skipped), and the version restored after a failed validation, if any.
/// </summary>
public sealed record JobOutcome(string Engine, LoadOutcome? Load, ValidationReport? Report, long? RolledBackToVersion, long? RollbackCommitVersion)
{
    /// <summary>Passed, or skipped as already loaded: both leave the table as the export says.</summary>
    public bool Succeeded => Report?.Passed ?? true;
}
