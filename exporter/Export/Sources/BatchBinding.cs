using Handoff.Shared.Data;
using Handoff.Shared.Schema;

namespace Handoff.Exporter.Sources;

/// <summary>Points a result's column fillers at the arrays of the batch being filled.</summary>
internal sealed class BatchBinding<TReader>(TableSchema schema, ColumnFiller<TReader>[] fillers)
{
    private RowBatch? _attached;

    public void Attach(RowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (ReferenceEquals(batch, _attached))
        {
            return;
        }

        if (batch.ColumnCount != fillers.Length)
        {
            throw new ArgumentException($"the batch has {batch.ColumnCount} columns but the query returns {fillers.Length} ({schema})", nameof(batch));
        }

        for (var i = 0; i < fillers.Length; i++)
        {
            if (batch.Schema[i].Type != schema[i].Type)
            {
                throw new ArgumentException($"batch column {i + 1} is {batch.Schema[i].Type} but the query returns {schema[i].Type} for '{schema[i].Name}'", nameof(batch));
            }

            fillers[i].Attach(batch);
        }

        _attached = batch;
    }

    /// <summary>A value the export cannot carry (infinite date, too many digits, ...), named by row and column.</summary>
    public static SourceException ValueError(Column column, string sourceType, long rowNumber, Exception error) =>
        new($"cannot export row {rowNumber} of column '{column.Name}' ({sourceType}): {error.Message}", error);
}
