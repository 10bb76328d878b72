using DuckDB.NET.Native;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>
/// Any TIMESTAMP flavour (seconds, milliseconds, microseconds or nanoseconds since 1970, naive or
/// with time zone) as a UTC DateTime at microsecond precision: a naive value's wall clock is taken
/// as UTC, nanoseconds are truncated. Infinity and years outside 1..9999 are refused.
/// </summary>
internal readonly struct TimestampToUtc : IVectorConversion<long, DateTime>
{
    private const long TicksPerNanosecondUnit = 0;
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly long _ticksPerUnit;
    private readonly long _minUnits;
    private readonly long _maxUnits;

    private TimestampToUtc(long ticksPerUnit)
    {
        _ticksPerUnit = ticksPerUnit;
        if (ticksPerUnit != TicksPerNanosecondUnit)
        {
            _minUnits = -UnixEpochTicks / ticksPerUnit;
            _maxUnits = (DateTime.MaxValue.Ticks - UnixEpochTicks) / ticksPerUnit;
        }
    }

    public static TimestampToUtc For(DuckDBType type) => new(type switch
    {
        DuckDBType.TimestampS => TimeSpan.TicksPerSecond,
        DuckDBType.TimestampMs => TimeSpan.TicksPerMillisecond,
        DuckDBType.TimestampNs => TicksPerNanosecondUnit,
        _ => TimeSpan.TicksPerMicrosecond,
    });

    public bool TryConvert(long value, out DateTime result)
    {
        long ticks;
        if (_ticksPerUnit == TicksPerNanosecondUnit)
        {
            // Every finite TIMESTAMP_NS (years 1677 to 2262) fits a DateTime.
            if (IsInfinite(value))
            {
                result = default;
                return false;
            }

            ticks = UnixEpochTicks + (value / 100);
            ticks -= ticks % TimeSpan.TicksPerMicrosecond;
        }
        else
        {
            if ((ulong)(value - _minUnits) > (ulong)(_maxUnits - _minUnits))
            {
                result = default;
                return false;
            }

            ticks = UnixEpochTicks + (value * _ticksPerUnit);
        }

        result = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    public string Explain(long value) => IsInfinite(value) ? TemporalLimits.Infinite("timestamp") : TemporalLimits.OutOfRange("timestamp");

    private static bool IsInfinite(long value) => value is long.MaxValue or -long.MaxValue;
}
