using System.Text.Json;

namespace Handoff.SparkJob.Delta.Stats;

/// <summary>Reads the parts of an add action's stats JSON this code uses: numRecords, tightBounds and top-level nullCount entries.</summary>
public static class StatsJsonReader
{
    public sealed record ParsedStats(long? NumRecords, IReadOnlyDictionary<string, long> NullCountsByPhysicalName, bool? TightBounds);

    private static readonly ParsedStats Empty = new(null, new Dictionary<string, long>(), null);

    /// <summary>The parsed stats; stats that are missing or unreadable count as absent (the protocol makes them optional).</summary>
    public static ParsedStats Parse(string? statsJson)
    {
        if (string.IsNullOrWhiteSpace(statsJson))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(statsJson);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            long? numRecords = root.TryGetProperty("numRecords", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt64(out var count)
                ? count
                : null;
            bool? tight = root.TryGetProperty("tightBounds", out var t) && t.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? t.GetBoolean()
                : null;
            var nullCounts = new Dictionary<string, long>(StringComparer.Ordinal);
            if (root.TryGetProperty("nullCount", out var nulls) && nulls.ValueKind == JsonValueKind.Object)
            {
                foreach (var column in nulls.EnumerateObject())
                {
                    if (column.Value.ValueKind == JsonValueKind.Number && column.Value.TryGetInt64(out var value))
                    {
                        nullCounts[column.Name] = value;
                    }
                }
            }

            return new ParsedStats(numRecords, nullCounts, tight);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }
}
