namespace Handoff.SparkJob.Job.Exports;

/// <summary>One export loaded from a prefix, and how its load and validation went.</summary>
public sealed record PrefixExportLoad(string ExportId, DateTimeOffset CreatedAt, JobOutcome Outcome);

/// <summary>
/// What <c>load --exports</c> did: the exports it loaded in order (each its own commit and
/// report), the one-line reason when there was nothing new, and the exports it did not reach
/// because one before them failed validation.
/// </summary>
public sealed record PrefixLoadOutcome(IReadOnlyList<PrefixExportLoad> Loads, string? NothingNew, IReadOnlyList<string> NotReached)
{
    /// <summary>True when at least one export was committed to the table (not merely skipped as already loaded).</summary>
    public bool LoadedAny => Loads.Any(l => l.Outcome.Load is { Skipped: false });

    public bool Succeeded => Loads.All(l => l.Outcome.Succeeded);

    /// <summary>The report of the last export validated: the failed one when a validation failed.</summary>
    public JobOutcome? LastReported => Loads.LastOrDefault(l => l.Outcome.Report is not null)?.Outcome;
}
