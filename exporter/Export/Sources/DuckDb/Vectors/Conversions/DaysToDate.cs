namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>A DATE (days since 1970-01-01) as a DateOnly; infinity and years outside 1..9999 are refused.</summary>
internal readonly struct DaysToDate : IVectorConversion<int, DateOnly>
{
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly int MaxDayNumber = DateOnly.MaxValue.DayNumber;

    public bool TryConvert(int value, out DateOnly result)
    {
        var dayNumber = (long)value + UnixEpochDayNumber;
        if ((ulong)dayNumber > (ulong)MaxDayNumber)
        {
            result = default;
            return false;
        }

        result = DateOnly.FromDayNumber((int)dayNumber);
        return true;
    }

    public string Explain(int value) =>
        value is int.MaxValue or -int.MaxValue ? TemporalLimits.Infinite("date") : TemporalLimits.OutOfRange("date");
}
