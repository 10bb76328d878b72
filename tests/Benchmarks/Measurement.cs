using System.Globalization;
using System.Text.Json;

namespace Handoff.Benchmarks;

/// <summary>
/// What a child process measured over one operation (startup excluded): its wall time, the CPU
/// time it spent in user code and in the kernel, and its peak resident memory. The CPU split
/// shows which side moved when a ratio changes between machines, which wall times alone cannot
/// (docs/benchmarks.md: on one VM DuckDB's COPY spent much of its time in page faults).
/// <see cref="ProcessSeconds"/> is the parent's view: from starting the child to its exit, the
/// runtime's start included, for targets stated "as whole processes".
/// </summary>
internal sealed record Measurement(double Seconds, long PeakRssBytes, double UserSeconds, double SystemSeconds)
{
    public double ProcessSeconds { get; init; }

    public double PeakRssMb => PeakRssBytes / 1_000_000.0;

    /// <summary>CPU seconds as "user+system", for the result tables.</summary>
    public string CpuText => string.Create(CultureInfo.InvariantCulture, $"{UserSeconds:0.00}+{SystemSeconds:0.00}");

    public string ToJson() => JsonSerializer.Serialize(new { seconds = Seconds, peakRssBytes = PeakRssBytes, userSeconds = UserSeconds, systemSeconds = SystemSeconds });

    public static Measurement FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new Measurement(
            root.GetProperty("seconds").GetDouble(),
            root.GetProperty("peakRssBytes").GetInt64(),
            root.GetProperty("userSeconds").GetDouble(),
            root.GetProperty("systemSeconds").GetDouble());
    }
}
