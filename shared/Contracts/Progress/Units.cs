using System.Globalization;

namespace Handoff.Shared.Progress;

public static class Units
{
    private static readonly string[] Suffixes = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>Bytes in decimal units (1 MB = 1,000,000 bytes), one decimal place.</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < Suffixes.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Suffixes[unit]}");
    }

    /// <summary>A wait or an elapsed time for a person: "0.3 s", "95.0 s", "2.5 min" (two minutes and more).</summary>
    public static string Duration(TimeSpan time) => time.TotalSeconds >= 120
        ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalMinutes:0.#} min")
        : string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.0} s");
}
