using System.Runtime.InteropServices;
using System.Text;

namespace Handoff.Shared.Formats.Text;

/// <summary>
/// The short values of one text column, remembered so that a repeated value (a state, a tier, a
/// first name) is allocated once rather than per row. Loading the 5M-row sample's CSV export
/// otherwise allocated 2.9 GB of strings and spent a second in garbage collection (1.7 GB and
/// 0.4 s with it). Direct-mapped: a miss costs a hash of at most <see cref="MaxLength"/> chars and
/// one compare.
/// </summary>
internal sealed class ShortStringCache
{
    /// <summary>Longer values are rarely repeated (ids, emails, addresses) and are not cached.</summary>
    public const int MaxLength = 16;

    private const int SizeBits = 10;

    private readonly string?[] _entries = new string?[1 << SizeBits];

    public string GetOrAdd(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength)
        {
            return new string(text);
        }

        if (text.IsEmpty)
        {
            return string.Empty;
        }

        ref var entry = ref _entries[Slot(text)];
        if (entry is not null && text.SequenceEqual(entry))
        {
            return entry;
        }

        entry = new string(text);
        return entry;
    }

    /// <summary>The string of strict UTF-8 bytes; invalid UTF-8 throws <see cref="DecoderFallbackException"/> from <paramref name="strictUtf8"/>.</summary>
    public string GetOrAdd(ReadOnlySpan<byte> utf8, UTF8Encoding strictUtf8)
    {
        if (utf8.Length > MaxLength)
        {
            return strictUtf8.GetString(utf8);
        }

        // UTF-8 never takes fewer bytes than UTF-16 takes chars.
        Span<char> chars = stackalloc char[MaxLength];
        return GetOrAdd(chars[..strictUtf8.GetChars(utf8, chars)]);
    }

    private static int Slot(ReadOnlySpan<char> text)
    {
        var bytes = MemoryMarshal.AsBytes(text);
        var hash = (ulong)text.Length * 0x9E3779B97F4A7C15UL;
        while (bytes.Length >= sizeof(ulong))
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(bytes)) * 0xC2B2AE3D27D4EB4FUL;
            bytes = bytes[sizeof(ulong)..];
        }

        if (bytes.Length >= sizeof(uint))
        {
            hash = (hash ^ MemoryMarshal.Read<uint>(bytes)) * 0x165667B19E3779F9UL;
            bytes = bytes[sizeof(uint)..];
        }

        if (bytes.Length >= sizeof(ushort))
        {
            hash = (hash ^ MemoryMarshal.Read<ushort>(bytes)) * 0x27D4EB2F165667C5UL;
        }

        return (int)(hash >> (64 - SizeBits));
    }
}
