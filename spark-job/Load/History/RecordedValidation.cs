using Handoff.Shared.Validation;

namespace Handoff.SparkJob.History;

/// <summary>One run recorded in the validation history: which export, at which table version, and its verdict.</summary>
public sealed record RecordedValidation(string ExportId, long TableVersion, string Operation, bool Passed, int Checks, int FailedChecks, DateTimeOffset FinishedAt)
{
    /// <summary>The summary the run's report carries (null for runs recorded before reports had one).</summary>
    public ValidationSummary? Summary { get; init; }
}
