namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>A BLOB copied out of the vector.</summary>
internal readonly unsafe struct BlobBytes : IVectorConversion<DuckDbString, byte[]>
{
    public bool TryConvert(DuckDbString value, out byte[] result)
    {
        result = new ReadOnlySpan<byte>(DuckDbString.Bytes(&value), value.Length).ToArray();
        return true;
    }

    public string Explain(DuckDbString value) => throw new InvalidOperationException("every value converts");
}
