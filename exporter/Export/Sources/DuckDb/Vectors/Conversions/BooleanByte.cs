namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>DuckDB stores a BOOLEAN as one byte, 0 or 1.</summary>
internal readonly struct BooleanByte : IVectorConversion<byte, bool>
{
    public bool TryConvert(byte value, out bool result)
    {
        result = value != 0;
        return true;
    }

    public string Explain(byte value) => throw new InvalidOperationException("every value converts");
}
