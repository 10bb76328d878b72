namespace Handoff.SparkJob.Delta.Stats;

/// <summary>
/// How Delta cuts string min/max values to a prefix (delta-io/delta bb1057f,
/// spark/.../stats/StatisticsCollection.scala, truncateMinStringAgg and truncateMaxStringAgg).
/// A min is its prefix, which is never above it. A max must stay at or above every value, so its
/// prefix gets a tie-breaker appended: U+007F when the first character cut is below it, else
/// U+10FFFF (which sorts last in UTF-8); the prefix grows past a U+10FFFF it would cut before,
/// up to twice the prefix length, beyond which the max is left out. Lengths count UTF-16 code
/// units, as Java's do, and a surrogate pair is never split.
/// </summary>
public static class StringStatsTruncation
{
    private const char AsciiMax = '\u007F';
    private const string Utf8Max = "\uDBFF\uDFFF";

    public static string? Min(string value, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= prefixLength)
        {
            return value;
        }

        if (prefixLength <= 0)
        {
            return null;
        }

        return char.IsHighSurrogate(value[prefixLength - 1]) && char.IsLowSurrogate(value[prefixLength])
            ? value[..(prefixLength + 1)]
            : value[..prefixLength];
    }

    public static string? Max(string value, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= prefixLength)
        {
            return value;
        }

        if (prefixLength <= 0)
        {
            return null;
        }

        var limit = 2 * prefixLength;
        var length = Min(value, prefixLength)!.Length;
        while (length <= limit)
        {
            if (length >= value.Length)
            {
                return value;
            }

            if (length + 1 < value.Length && string.CompareOrdinal(value, length, Utf8Max, 0, 2) == 0)
            {
                length += 2;
            }
            else if (value[length] < AsciiMax)
            {
                return string.Concat(value.AsSpan(0, length), [AsciiMax]);
            }
            else
            {
                return string.Concat(value.AsSpan(0, length), Utf8Max);
            }
        }

        return null;
    }
}
