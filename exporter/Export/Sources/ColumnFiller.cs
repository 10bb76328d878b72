using Handoff.Shared.Data;

namespace Handoff.Exporter.Sources;

/// <summary>
/// Copies one result column into its column of a <see cref="RowBatch"/> (an array, or UTF-8 bytes
/// for DuckDB's VARCHAR): one row per call for row readers (PostgreSQL), a range of rows from a
/// vector per call for DuckDB's data chunks. A subclass per (source type, CLR type) pair is picked once when the query starts,
/// so the per-value work is one typed read and one array store: no boxing, no type tests.
/// </summary>
internal abstract class ColumnFiller<TReader>(int ordinal)
{
    protected readonly int Ordinal = ordinal;

    /// <summary>Points the filler at the batch it writes to (the batch's column <see cref="Ordinal"/>).</summary>
    public abstract void Attach(RowBatch batch);

    public abstract void Fill(TReader reader, int row);
}

/// <summary>A filler writing a nullable value type (long?, DateOnly?, ...).</summary>
internal abstract class ValueFiller<TReader, T>(int ordinal) : ColumnFiller<TReader>(ordinal)
    where T : struct
{
    protected T?[] Values = [];

    public override void Attach(RowBatch batch) => Values = batch.Values<T>(Ordinal);
}

/// <summary>A filler writing a reference type (string, byte[]); null stands for SQL NULL.</summary>
internal abstract class ReferenceFiller<TReader, T>(int ordinal) : ColumnFiller<TReader>(ordinal)
    where T : class
{
    protected T?[] Values = [];

    public override void Attach(RowBatch batch) => Values = batch.References<T>(Ordinal);
}
