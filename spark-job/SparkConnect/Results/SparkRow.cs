namespace Handoff.SparkJob.SparkConnect.Results;

/// <summary>
/// One result row. Values are CLR values: long, int, short, sbyte, double, float, bool, string,
/// byte[], decimal, DateOnly, DateTimeOffset (UTC) for timestamps, DateTime for timestamp_ntz,
/// int months for year-month intervals, TimeSpan for day-time intervals, TimeOnly for TIME,
/// MonthDayNanosecondInterval for calendar intervals, IReadOnlyList&lt;object?&gt; for arrays,
/// IReadOnlyDictionary&lt;string, object?&gt; for maps (keys as text) and structs; null for SQL NULL.
/// </summary>
public sealed class SparkRow(IReadOnlyList<string> names, object?[] values)
{
    public IReadOnlyList<string> Names => names;

    public int Count => values.Length;

    public object? this[int index] => values[index];

    public object? this[string name]
    {
        get
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return values[i];
                }
            }

            throw new KeyNotFoundException($"the result has no column '{name}' (columns: {string.Join(", ", names)})");
        }
    }

    /// <summary>The value as a long, for counts and versions (any integer type); null for NULL.</summary>
    public long? GetInt64(string name) => this[name] switch
    {
        null => null,
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        decimal d => (long)d,
        string text when long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw new InvalidCastException($"column '{name}' holds {other.GetType().Name}, not an integer"),
    };

    public string? GetString(string name) => this[name]?.ToString();
}
