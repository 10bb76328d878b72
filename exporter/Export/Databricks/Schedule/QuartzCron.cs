using System.Globalization;
using Handoff.Shared.Input;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>
/// Checks a Quartz cron expression locally, the dialect Databricks job schedules use:
/// <c>seconds minutes hours day-of-month month day-of-week [year]</c>, with exactly one of
/// day-of-month and day-of-week set to <c>?</c>. A mistake names the field and the part that is wrong.
/// </summary>
public static class QuartzCron
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly Field[] Fields =
    [
        new("seconds", 0, 59, null),
        new("minutes", 0, 59, null),
        new("hours", 0, 23, null),
        new("day-of-month", 1, 31, null),
        new("month", 1, 12, Months),
        new("day-of-week", 1, 7, Days),
        new("year", 1970, 2099, null),
    ];

    /// <summary>Throws <see cref="InputArgumentException"/> naming the problem; returns the expression with single spaces.</summary>
    public static string Validate(string expression)
    {
        var parts = (expression ?? string.Empty).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (6 or 7))
        {
            throw Bad(expression, $"has {parts.Length} fields; a Quartz cron has 6 or 7: seconds minutes hours day-of-month month day-of-week [year], e.g. \"0 0 2 * * ?\" (02:00 every day)");
        }

        for (var i = 0; i < parts.Length; i++)
        {
            CheckField(expression!, Fields[i], parts[i].ToUpperInvariant(), i);
        }

        var dayOfMonthAny = parts[3] == "?";
        var dayOfWeekAny = parts[5] == "?";
        if (dayOfMonthAny == dayOfWeekAny)
        {
            throw Bad(expression, "exactly one of day-of-month (4th field) and day-of-week (6th field) must be '?', e.g. \"0 0 2 * * ?\" or \"0 0 2 ? * MON-FRI\"");
        }

        return string.Join(' ', parts);
    }

    private static void CheckField(string expression, Field field, string text, int index)
    {
        if (text == "?")
        {
            if (index is not (3 or 5))
            {
                throw Bad(expression, $"'?' is allowed only in day-of-month and day-of-week, not in {field.Name}");
            }

            return;
        }

        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                throw Bad(expression, $"{field.Name} '{text}' has an empty list item");
            }

            CheckItem(expression, field, item, index);
        }
    }

    private static void CheckItem(string expression, Field field, string item, int index)
    {
        // Special forms of the day fields: L, LW, L-3, 15W (day-of-month); 6L, 6#3 (day-of-week).
        if (index == 3 && (item is "L" or "LW" || (item.StartsWith("L-", StringComparison.Ordinal) && IsNumberIn(item[2..], 0, 30)) || (item.EndsWith('W') && IsNumberIn(item[..^1], 1, 31))))
        {
            return;
        }

        if (index == 5)
        {
            if (item == "L" || (item.EndsWith('L') && Value(field, item[..^1]) is not null))
            {
                return;
            }

            var hash = item.IndexOf('#', StringComparison.Ordinal);
            if (hash > 0)
            {
                if (Value(field, item[..hash]) is null || !IsNumberIn(item[(hash + 1)..], 1, 5))
                {
                    throw Bad(expression, $"day-of-week '{item}': use DAY#N with N from 1 to 5, e.g. 6#3 (the third Friday)");
                }

                return;
            }
        }

        var slash = item.IndexOf('/', StringComparison.Ordinal);
        var range = slash >= 0 ? item[..slash] : item;
        if (slash >= 0)
        {
            var step = item[(slash + 1)..];
            if (!IsNumberIn(step, 1, field.Max))
            {
                throw Bad(expression, $"{field.Name} '{item}': the step after '/' must be a number from 1 to {field.Max}");
            }
        }

        if (range == "*")
        {
            return;
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            var from = Value(field, range[..dash]);
            var to = Value(field, range[(dash + 1)..]);
            if (from is null || to is null)
            {
                throw Bad(expression, $"{field.Name} '{item}': {Allowed(field)}");
            }

            return;
        }

        if (Value(field, range) is null)
        {
            throw Bad(expression, $"{field.Name} '{item}': {Allowed(field)}");
        }
    }

    private static int? Value(Field field, string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= field.Min && number <= field.Max ? number : null;
        }

        var index = field.Names is null ? -1 : Array.IndexOf(field.Names, text);
        return index >= 0 ? index + field.Min : null;
    }

    private static bool IsNumberIn(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max;

    private static string Allowed(Field field) =>
        $"allowed values are {field.Min}-{field.Max}{(field.Names is null ? string.Empty : $" or {field.Names[0]}-{field.Names[^1]}")}, '*', lists (a,b), ranges (a-b) and steps (*/n)";

    private static InputArgumentException Bad(string? expression, string why) => new($"invalid Quartz cron \"{expression}\": {why}");

    private sealed record Field(string Name, int Min, int Max, string[]? Names);
}
