using Handoff.SparkJob.Delta.Vacuum;

namespace Handoff.SparkJob.Engines;

/// <summary>
/// Deletes the files of a table that no version inside the retention window needs, whatever the
/// engine: our own Delta code, or Delta's VACUUM on Spark.
/// </summary>
public interface ITableVacuum
{
    /// <summary>The table's display name or location (no secrets).</summary>
    string Table { get; }

    Task<VacuumResult> VacuumAsync(VacuumOptions options, CancellationToken cancellationToken);
}
