using Handoff.Shared.Cli;

namespace Handoff.Exporter.Cli;

/// <summary>
/// Checks a schedule's time zone locally: an IANA id (Europe/Paris, America/New_York, UTC), as
/// Databricks (Java) expects. Windows names like "Pacific Standard Time" are refused with the
/// IANA id to use instead. Said as <c>--timezone</c>'s, whether the zone came from the option or
/// from the <c>--from</c> file's schedule.
/// </summary>
internal static class TimeZoneCheck
{
    public static string Validate(string timeZone)
    {
        var id = (timeZone ?? string.Empty).Trim();
        if (id.Length == 0)
        {
            throw new UsageException("--timezone is empty; use an IANA time zone such as UTC or Europe/Paris");
        }

        if (id is "UTC" or "GMT" or "Etc/UTC")
        {
            return id;
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) && !id.Contains('/', StringComparison.Ordinal))
        {
            throw new UsageException($"--timezone '{id}' is a Windows time zone name; Databricks expects an IANA id: {iana}");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            throw new UsageException($"--timezone '{id}' is not a known IANA time zone (for example UTC, Europe/Paris, America/New_York)");
        }

        return id;
    }
}
