namespace Handoff.Benchmarks;

/// <summary>The process's peak resident set size (VmHWM), which is what "memory" means for a data job.</summary>
internal static class PeakRss
{
    public static long Read()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kilobytes * 1024;
            }
        }

        return -1;
    }
}
