using Handoff.Shared.Data;

namespace Handoff.Shared.Formats;

/// <summary>
/// Decodes one file into row batches of a known schema (never inferred). Throws
/// <see cref="FormatException"/> naming the file position and column for data that does not
/// match the schema.
/// </summary>
public interface IRowBatchReader : IAsyncDisposable
{
    /// <summary>Refills <paramref name="batch"/>; returns false at the end of the file.</summary>
    Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken);
}
