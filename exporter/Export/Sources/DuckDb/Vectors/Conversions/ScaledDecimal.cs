using System.Numerics;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>
/// A DECIMAL of width 18 or less, which DuckDB stores as a 16, 32 or 64-bit unscaled integer:
/// always exact in a .NET decimal, at the column's scale.
/// </summary>
internal readonly struct ScaledDecimal<TSource>(byte scale) : IVectorConversion<TSource, decimal>
    where TSource : unmanaged, IBinaryInteger<TSource>, ISignedNumber<TSource>
{
    public bool TryConvert(TSource value, out decimal result)
    {
        var unscaled = long.CreateTruncating(value);
        var magnitude = unscaled < 0 ? (ulong)-unscaled : (ulong)unscaled;
        result = new decimal((int)magnitude, (int)(magnitude >> 32), 0, unscaled < 0, scale);
        return true;
    }

    public string Explain(TSource value) => throw new InvalidOperationException("every value converts");
}
