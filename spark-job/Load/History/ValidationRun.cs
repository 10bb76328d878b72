using Handoff.Shared.Validation;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.History;

/// <summary>One row of the validation history: a report and how it came about.</summary>
public sealed record ValidationRun(ValidationReport Report, string Engine, string Operation, string Mode, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);
