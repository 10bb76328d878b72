namespace Handoff.Exporter.Sources.Postgres;

/// <summary>
/// Dates and timestamps from PostgreSQL's wire form (days and microseconds since 2000-01-01).
/// Reading the raw numbers lets infinity and years beyond 9999 fail clearly; through DateTime,
/// Npgsql would turn infinity into DateTime.MaxValue and wrap years beyond 9999.
/// </summary>
internal static class PostgresValues
{
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly EpochDate = new(2000, 1, 1);
    private static readonly long MinMicroseconds = (DateTime.MinValue.Ticks - Epoch.Ticks) / TimeSpan.TicksPerMicrosecond;
    private static readonly long MaxMicroseconds = (DateTime.MaxValue.Ticks - Epoch.Ticks) / TimeSpan.TicksPerMicrosecond;
    private static readonly int MinDays = DateOnly.MinValue.DayNumber - EpochDate.DayNumber;
    private static readonly int MaxDays = DateOnly.MaxValue.DayNumber - EpochDate.DayNumber;

    public static DateTime Timestamp(long microsecondsSince2000) => microsecondsSince2000 switch
    {
        long.MaxValue => throw new InvalidCastException("infinity cannot be exported; replace it in the query (e.g. NULLIF or a CASE)"),
        long.MinValue => throw new InvalidCastException("-infinity cannot be exported; replace it in the query (e.g. NULLIF or a CASE)"),
        _ when microsecondsSince2000 < MinMicroseconds || microsecondsSince2000 > MaxMicroseconds =>
            throw new InvalidCastException("the timestamp is outside years 1 to 9999, which the export cannot hold"),
        _ => new DateTime(Epoch.Ticks + (microsecondsSince2000 * TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc),
    };

    public static DateOnly Date(int daysSince2000) => daysSince2000 switch
    {
        int.MaxValue => throw new InvalidCastException("infinity cannot be exported; replace it in the query (e.g. NULLIF or a CASE)"),
        int.MinValue => throw new InvalidCastException("-infinity cannot be exported; replace it in the query (e.g. NULLIF or a CASE)"),
        _ when daysSince2000 < MinDays || daysSince2000 > MaxDays =>
            throw new InvalidCastException("the date is outside years 1 to 9999, which the export cannot hold"),
        _ => DateOnly.FromDayNumber(EpochDate.DayNumber + daysSince2000),
    };
}
