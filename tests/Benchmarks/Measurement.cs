using System.Globalization;
using System.Text.Json;

namespace Handoff.Benchmarks;

/// <summary>
/// What a child process measured over one operation (startup excluded): its wall time, the CPU
/// time it spent in user code and in the kernel, and its peak resident memory. The CPU split
/// shows why a ratio moves between machines where wall times alone do not: on one VM, DuckDB's
/// 5M-row Parquet COPY spent 5–7 s of an 8–10 s run in the kernel (page faults of its 1.3 GB),
/// and its time, not ours, was what had changed since the previous VM's runs.
/// </summary>
internal sealed record Measurement(double Seconds, long PeakRssBytes, double UserSeconds, double SystemSeconds)
{
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
