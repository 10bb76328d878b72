using System.Text.Json;

namespace Handoff.Benchmarks;

/// <summary>What a child process measured: the operation's wall time (startup excluded) and its peak resident memory.</summary>
internal sealed record Measurement(double Seconds, long PeakRssBytes)
{
    public double PeakRssMb => PeakRssBytes / 1_000_000.0;

    public string ToJson() => JsonSerializer.Serialize(new { seconds = Seconds, peakRssBytes = PeakRssBytes });

    public static Measurement FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new Measurement(document.RootElement.GetProperty("seconds").GetDouble(), document.RootElement.GetProperty("peakRssBytes").GetInt64());
    }
}
