namespace Handoff.Exporter.Sources.DuckDb.Vectors;

/// <summary>A value the batch cannot hold (infinite date, too many digits, ...) at batch row <see cref="Row"/>.</summary>
public sealed class UnexportableValueException(int row, string message) : Exception(message)
{
    public int Row { get; } = row;
}
