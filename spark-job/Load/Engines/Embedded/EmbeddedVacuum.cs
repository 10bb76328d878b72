using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Vacuum;
using Handoff.SparkJob.Job;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>Vacuum with our own Delta code, on a table in a local folder or on Blob Storage.</summary>
public sealed class EmbeddedVacuum(IObjectStore table, TimeProvider clock) : ITableVacuum
{
    public string Table => table.Root.ToString()!;

    public Task<VacuumResult> VacuumAsync(VacuumOptions options, CancellationToken cancellationToken) =>
        DeltaVacuum.RunAsync(table, options, clock, cancellationToken);
}
