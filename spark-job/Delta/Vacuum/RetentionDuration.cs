using System.Globalization;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// The table property <c>delta.deletedFileRetentionDuration</c>: how long a removed file must
/// stay for readers of older versions. Read as Delta reads it (delta-io/delta
/// spark/.../DeltaConfig.scala: TOMBSTONE_RETENTION, default "interval 1 week", parsed by
/// parseCalendarInterval, which adds a missing "interval " prefix and hands the text to Spark's
/// interval parser; months and years are refused, and so is a negative total): one or more
/// "&lt;integer&gt; &lt;unit&gt;" pairs, units week, day, hour, minute, second (which may have a
/// fraction), millisecond, microsecond, singular or plural, any case.
/// </summary>
public static class RetentionDuration
{
    public const string PropertyKey = "delta.deletedFileRetentionDuration";

    /// <summary>Delta's default when the table does not set the property: one week.</summary>
    public static TimeSpan Default { get; } = TimeSpan.FromHours(168);

    /// <summary>The table's retention window: its property, or <see cref="Default"/>.</summary>
    public static TimeSpan Of(MetadataAction metadata, string table)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var value = metadata.Configuration.FirstOrDefault(p => string.Equals(p.Key, PropertyKey, StringComparison.OrdinalIgnoreCase)).Value;
        if (value is null)
        {
            return Default;
        }

        return TryParse(value, out var duration)
            ? duration
            : throw new DeltaException(DeltaErrorKind.CorruptLog, $"the Delta table {table} sets {PropertyKey} to '{value}', which is not a calendar interval such as 'interval 7 days' (months and years are not accepted)");
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var words = text.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 0 && words[0] == "interval")
        {
            words.RemoveAt(0);
        }

        if (words.Count == 0 || words.Count % 2 != 0)
        {
            return false;
        }

        decimal micros = 0;
        for (var i = 0; i < words.Count; i += 2)
        {
            if (!decimal.TryParse(words[i], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || UnitMicros(words[i + 1]) is not { } unit
                || (number != decimal.Truncate(number) && unit != 1_000_000))
            {
                return false;
            }

            micros += number * unit;
        }

        if (micros < 0 || micros > TimeSpan.MaxValue.Ticks / 10)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)(micros * 10));
        return true;
    }

    private static decimal? UnitMicros(string unit) => unit.TrimEnd('s') switch
    {
        "week" => 7m * 24 * 3600 * 1_000_000,
        "day" => 24m * 3600 * 1_000_000,
        "hour" => 3600m * 1_000_000,
        "minute" => 60m * 1_000_000,
        "second" => 1_000_000m,
        "millisecond" => 1000m,
        "microsecond" => 1m,
        _ => null,
    };
}
