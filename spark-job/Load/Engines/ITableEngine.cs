using Handoff.Shared.Manifest;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Engines;

/// <summary>
/// What the job needs from an engine: load an export into a table, describe the table as facts
/// for the engine-neutral validator, and restore a version when validation fails.
/// </summary>
public interface ITableEngine
{
    /// <summary>"embedded" or "spark", recorded in reports.</summary>
    string Name { get; }

    /// <summary>The table's display location (no secrets).</summary>
    string Table { get; }

    /// <summary>True when a load reports the rows it brings into the table (<see cref="LoadRequest.Rows"/>), so progress can show a percentage.</summary>
    bool ReportsRows => false;

    Task<LoadOutcome> LoadAsync(LoadRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The table as the validator sees it for <paramref name="manifest"/>: schema, row counts,
    /// null counts, and the rows held by each of the export's files.
    /// </summary>
    Task<EngineFacts> DescribeAsync(ExportManifest manifest, long? version, CancellationToken cancellationToken);

    /// <summary>What <paramref name="stream"/> has loaded into the table (nothing when the table does not exist yet).</summary>
    Task<StreamRecord> ReadStreamAsync(string stream, CancellationToken cancellationToken);

    /// <summary>Makes the table's content that of <paramref name="version"/> again (null: empty) by a new commit.</summary>
    Task<long> RollbackAsync(long? version, string reason, CancellationToken cancellationToken);
}
