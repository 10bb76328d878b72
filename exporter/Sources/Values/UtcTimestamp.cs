namespace Handoff.Exporter.Sources.Values;

/// <summary>Timestamps as a <see cref="Handoff.Shared.Data.RowBatch"/> holds them: UTC, whole microseconds.</summary>
internal static class UtcTimestamp
{
    /// <summary>
    /// Drops sub-microsecond ticks (TIMESTAMP_NS) and labels the value UTC. Drivers return naive
    /// timestamps with Kind = Unspecified; we take their wall-clock value as UTC.
    /// </summary>
    public static DateTime FromDriver(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
}
