using System.Globalization;

namespace Handoff.Benchmarks;

/// <summary>
/// What to measure: the sample sizes (<c>--rows 1000000,5000000</c>), how many times each
/// measurement runs (<c>--repeat 3</c>; the median time is reported, since a shared 2-core VM
/// varies by ±20% from one run to the next), and whether to measure the JIT build that
/// <c>dotnet run</c> starts rather than the ReadyToRun one (<c>--jit</c>), and whether the
/// export benchmark measures only the built-in sample's memory (<c>--sample-only</c>), and
/// whether the load benchmark measures only the newest of 1,000 exports (<c>--exports-only</c>).
/// </summary>
internal sealed record BenchmarkOptions(long[] Sizes, int Repeat, bool Jit, bool SampleOnly = false, bool ExportsOnly = false)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var rows = Value(args, "--rows");
        var repeat = Value(args, "--repeat");
        return new BenchmarkOptions(
            rows is null ? [1_000_000, 5_000_000] : rows.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            repeat is null ? 3 : Math.Max(1, int.Parse(repeat, CultureInfo.InvariantCulture)),
            args.Contains("--jit"),
            args.Contains("--sample-only"),
            args.Contains("--exports-only"));
    }

    /// <summary>Which build of the tools the children ran, for the printed header.</summary>
    public string Build => Jit ? "JIT build (dotnet run)" : "self-contained ReadyToRun build (dotnet publish -r --self-contained)";

    /// <summary>
    /// How many times an operation of a fraction of a second runs (three times <see cref="Repeat"/>):
    /// a hiccup of this VM is a large part of such a run, and more runs cost little.
    /// </summary>
    public int QuickRepeat => Repeat * 3;

    /// <summary>Runs a measurement <see cref="Repeat"/> times (or <paramref name="repeat"/>): the median time, the highest peak RSS.</summary>
    /// <param name="run">Gets the repetition's number, for a fresh output location each time.</param>
    public async Task<Measurement> MeasureAsync(Func<int, Task<Measurement>> run, int? repeat = null)
    {
        var runs = new List<Measurement>();
        for (var i = 0; i < (repeat ?? Repeat); i++)
        {
            runs.Add(await run(i));
        }

        return Median(runs);
    }

    /// <summary>
    /// Runs two measurements alternately, <see cref="Repeat"/> times each (or <paramref name="repeat"/>),
    /// and gives each one's median time and highest peak RSS. A slow spell of this shared VM lasts
    /// longer than one run: measuring all of one side's runs and then all of the other's compared
    /// the VM's spells as much as the two sides (the same code gave 1.02–1.44× for one ratio).
    /// </summary>
    /// <param name="first">Gets the repetition's number, for a fresh output location each time.</param>
    /// <param name="second">Likewise, run right after <paramref name="first"/>.</param>
    public async Task<(Measurement First, Measurement Second)> MeasureAlternatelyAsync(Func<int, Task<Measurement>> first, Func<int, Task<Measurement>> second, int? repeat = null)
    {
        var firstRuns = new List<Measurement>();
        var secondRuns = new List<Measurement>();
        for (var i = 0; i < (repeat ?? Repeat); i++)
        {
            firstRuns.Add(await first(i));
            secondRuns.Add(await second(i));
        }

        return (Median(firstRuns), Median(secondRuns));
    }

    /// <summary>The median time of the runs (and median whole-process time, user and system CPU times), and their highest peak RSS.</summary>
    public static Measurement Median(IReadOnlyList<Measurement> runs) => new(
        MedianOf(runs.Select(r => r.Seconds)),
        runs.Max(r => r.PeakRssBytes),
        MedianOf(runs.Select(r => r.UserSeconds)),
        MedianOf(runs.Select(r => r.SystemSeconds)))
    {
        ProcessSeconds = MedianOf(runs.Select(r => r.ProcessSeconds)),
    };

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
