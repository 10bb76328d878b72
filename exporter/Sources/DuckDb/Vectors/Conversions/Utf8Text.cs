using System.Text;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>VARCHAR (and JSON) decoded from the vector's UTF-8 bytes; short repeated values come from the column's cache.</summary>
internal readonly unsafe struct Utf8Text(InlineStringCache cache) : IVectorConversion<DuckDbString, string>
{
    public bool TryConvert(DuckDbString value, out string result)
    {
        result = DuckDbString.IsInlined(&value)
            ? cache.GetOrAdd(&value)
            : Encoding.UTF8.GetString(DuckDbString.Bytes(&value), value.Length);
        return true;
    }

    public string Explain(DuckDbString value) => throw new InvalidOperationException("every value converts");
}
