using System.Globalization;
using Handoff.Shared.Progress;

namespace Handoff.SparkJob.Delta.Properties;

/// <summary>
/// A duration table property such as <c>delta.deletedFileRetentionDuration</c>, in the form Delta
/// accepts (delta-io/delta bb1057f, spark/.../DeltaConfig.scala, parseCalendarInterval and
/// isValidIntervalConfigValue): a Spark calendar interval, "interval " optional, case-insensitive,
/// such as "interval 1 week", "30 days" or "1 day 12 hours"; weeks and smaller units only (months
/// and years have no fixed length, so Delta refuses them), whole numbers except for seconds, which
/// may have a fraction ("1.5 seconds", as Spark's interval parser takes it), and never negative.
/// </summary>
public static class DeltaInterval
{
    private static readonly Dictionary<string, TimeSpan> Units = new(StringComparer.Ordinal)
    {
        ["week"] = TimeSpan.FromDays(7),
        ["day"] = TimeSpan.FromDays(1),
        ["hour"] = TimeSpan.FromHours(1),
        ["minute"] = TimeSpan.FromMinutes(1),
        ["second"] = TimeSpan.FromSeconds(1),
        ["millisecond"] = TimeSpan.FromMilliseconds(1),
        ["microsecond"] = TimeSpan.FromMicroseconds(1),
    };

    /// <summary>The duration <paramref name="text"/> names, or null when it is not an interval Delta accepts.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = text.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var start = words[0] == "interval" ? 1 : 0;
        if (words.Length == start || (words.Length - start) % 2 != 0)
        {
            return null;
        }

        long ticks = 0;
        for (var i = start; i < words.Length; i += 2)
        {
            var unit = words[i + 1].EndsWith('s') ? words[i + 1][..^1] : words[i + 1];
            if (!decimal.TryParse(words[i], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count)
                || !Units.TryGetValue(unit, out var length)
                || (count != decimal.Truncate(count) && unit != "second"))
            {
                return null;
            }

            try
            {
                ticks = checked(ticks + (long)decimal.Round(length.Ticks * count));
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
    }
}
