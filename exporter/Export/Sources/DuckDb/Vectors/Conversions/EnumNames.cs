using System.Numerics;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>An ENUM, stored as an index into the type's dictionary (8, 16 or 32-bit), as its name.</summary>
internal readonly struct EnumNames<TIndex>(string[] names) : IVectorConversion<TIndex, string>
    where TIndex : unmanaged, IBinaryInteger<TIndex>
{
    public bool TryConvert(TIndex value, out string result)
    {
        result = names[int.CreateTruncating(value)];
        return true;
    }

    public string Explain(TIndex value) => throw new InvalidOperationException("every value converts");
}
