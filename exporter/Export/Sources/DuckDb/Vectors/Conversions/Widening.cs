using System.Numerics;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>An unsigned integer into the next signed type that holds every value (UTINYINT→short, ..., UBIGINT→decimal).</summary>
internal readonly struct Widening<TSource, TTarget> : IVectorConversion<TSource, TTarget>
    where TSource : unmanaged, INumberBase<TSource>
    where TTarget : INumberBase<TTarget>
{
    public bool TryConvert(TSource value, out TTarget result)
    {
        result = TTarget.CreateTruncating(value);
        return true;
    }

    public string Explain(TSource value) => throw new InvalidOperationException("every value converts");
}
