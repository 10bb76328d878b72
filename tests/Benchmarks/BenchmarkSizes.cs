using System.Globalization;

namespace Handoff.Benchmarks;

internal static class BenchmarkSizes
{
    public static long[] Parse(string[] args)
    {
        var at = Array.IndexOf(args, "--rows");
        return at >= 0 && at + 1 < args.Length
            ? args[at + 1].Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [1_000_000, 5_000_000];
    }
}
