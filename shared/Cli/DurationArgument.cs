using System.Globalization;

namespace Handoff.Shared.Cli;

/// <summary>Durations on the command line: 90s, 45m, 4h, 1d, or plain seconds.</summary>
public static class DurationArgument
{
    public static TimeSpan? Parse(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim().ToLowerInvariant();
        var unit = trimmed.Length > 0 && char.IsLetter(trimmed[^1]) ? trimmed[^1] : 's';
        var number = char.IsLetter(trimmed.LastOrDefault()) ? trimmed[..^1] : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || unit is not ('s' or 'm' or 'h' or 'd'))
        {
            throw new UsageException($"{option} '{text}' is not a duration; use for example 90s, 45m, 4h or 1d");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => TimeSpan.FromDays(value),
        };
    }
}
