namespace Handoff.SparkJob.History;

/// <summary>
/// Where every load or validate run is recorded, one row per run (see
/// <see cref="ValidationHistory.Schema"/>): a Delta table beside the target that notebooks
/// query to see when a table last passed and why a run failed.
/// </summary>
public interface IValidationHistory
{
    /// <summary>The history table's display name or location (no secrets).</summary>
    string Location { get; }

    Task AppendAsync(ValidationRun run, CancellationToken cancellationToken);
}
