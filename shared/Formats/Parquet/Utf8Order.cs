namespace Handoff.Shared.Formats.Parquet;

/// <summary>
/// Compares .NET strings in the order of their UTF-8 bytes (code point order), the order Parquet
/// statistics and Spark use. Plain ordinal comparison of UTF-16 puts U+E000..U+FFFF after
/// surrogate pairs, which UTF-8 puts before them.
/// </summary>
internal static class Utf8Order
{
    public static int Compare(string a, string b)
    {
        var common = a.AsSpan().CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length - b.Length;
        }

        return Rank(a[common]) - Rank(b[common]);
    }

    // Moves surrogates (U+D800..U+DFFF) above U+E000..U+FFFF, as their code points are.
    private static int Rank(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;
}
