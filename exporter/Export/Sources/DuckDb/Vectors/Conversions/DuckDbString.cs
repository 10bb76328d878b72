using System.Runtime.InteropServices;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>
/// DuckDB's 16-byte <c>duckdb_string_t</c>, the element of VARCHAR and BLOB vectors: a 32-bit
/// length, then either the bytes themselves (12 or fewer) or a 4-byte prefix and a pointer to them.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal readonly unsafe struct DuckDbString
{
    private const int InlineLength = 12;
    private const int InlineOffset = 4;

    [FieldOffset(0)]
    private readonly uint _length;

    [FieldOffset(8)]
    private readonly byte* _pointer;

    public int Length => (int)_length;

    private static bool IsInlined(DuckDbString* value) => value->_length <= InlineLength;

    /// <summary>The bytes of <paramref name="value"/>; inlined ones live inside the struct, so it must not move meanwhile.</summary>
    public static byte* Bytes(DuckDbString* value) => IsInlined(value) ? (byte*)value + InlineOffset : value->_pointer;
}
