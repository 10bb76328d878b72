using Handoff.Shared.Data;
using Handoff.Shared.Schema;

namespace Handoff.Exporter.Sources;

/// <summary>A running query: its schema is known before the first row.</summary>
public interface IQueryResult : IAsyncDisposable
{
    TableSchema Schema { get; }

    /// <summary>Refills <paramref name="batch"/> with up to its capacity; returns false when no rows are left.</summary>
    Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken);
}
