using System.Text;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>
/// The strings of one VARCHAR column that DuckDB inlines (12 bytes or fewer), remembered so that a
/// repeated value (a state, a status, a country code) is decoded and allocated once rather than
/// per row. An inlined string's 16 bytes are its whole content, so they serve as the key with no
/// lookup of the bytes elsewhere; a direct-mapped table keeps the cost of a miss to one compare.
/// </summary>
internal sealed unsafe class InlineStringCache
{
    private const int SizeBits = 10;
    private const int InlineLength = 12;

    private readonly Entry[] _entries = new Entry[1 << SizeBits];

    public string GetOrAdd(DuckDbString* value)
    {
        var length = value->Length;
        if (length > InlineLength)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "only inlined strings are cached");
        }

        // Bytes 0-3 hold the length, 4-15 the content; zero what lies past the content, which
        // DuckDB should already have zeroed but need not have.
        var head = *(ulong*)value;
        var tail = *((ulong*)value + 1);
        if (length < 4)
        {
            head &= (1UL << (8 * (4 + length))) - 1;
        }

        tail = length <= 4 ? 0 : length < InlineLength ? tail & ((1UL << (8 * (length - 4))) - 1) : tail;

        var slot = (int)(((head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL)) >> (64 - SizeBits));
        ref var entry = ref _entries[slot];
        if (entry.Text is not null && entry.Head == head && entry.Tail == tail)
        {
            return entry.Text;
        }

        var text = Encoding.UTF8.GetString((byte*)value + 4, length);
        entry = new Entry(head, tail, text);
        return text;
    }

    private readonly record struct Entry(ulong Head, ulong Tail, string? Text);
}
