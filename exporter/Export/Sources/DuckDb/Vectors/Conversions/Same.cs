namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>The batch holds DuckDB's own type (BIGINT as long, DOUBLE as double, ...).</summary>
internal readonly struct Same<T> : IVectorConversion<T, T>
    where T : unmanaged
{
    public bool TryConvert(T value, out T result)
    {
        result = value;
        return true;
    }

    public string Explain(T value) => throw new InvalidOperationException("every value converts");
}
