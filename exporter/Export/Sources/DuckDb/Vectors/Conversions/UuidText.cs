using System.Buffers.Binary;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>
/// A UUID in DuckDB's own text form (lowercase, hyphenated). DuckDB stores it as a 128-bit
/// integer with the top bit flipped, so that UUIDs sort as their text does.
/// </summary>
internal readonly struct UuidText : IVectorConversion<Int128, string>
{
    public bool TryConvert(Int128 value, out string result)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, (UInt128)value ^ (UInt128.One << 127));
        result = new Guid(bytes, bigEndian: true).ToString("D");
        return true;
    }

    public string Explain(Int128 value) => throw new InvalidOperationException("every value converts");
}
