using System.Globalization;
using System.Text;
using System.Text.Json;
using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Properties;

namespace Handoff.SparkJob.Delta.Stats;

/// <summary>
/// Writes the stats JSON of an add action the way Delta's writers do: numRecords, and
/// minValues/maxValues/nullCount for the columns the table's data-skipping properties choose
/// (<see cref="StatsColumnSelection"/>; by default the first 32). Values follow Delta's rules:
/// numbers as JSON numbers (decimals exactly), dates "yyyy-MM-dd", timestamps ISO-8601 in UTC
/// truncated to milliseconds, strings cut to the table's prefix length (32 by default) as
/// <see cref="StringStatsTruncation"/> says. Booleans and binary get null counts only, and NaN or
/// infinite bounds are omitted.
/// </summary>
public static class StatsJsonWriter
{
    /// <summary>The stats under Delta's default data-skipping properties.</summary>
    public static string Write(TableSchema schema, long numRecords, IReadOnlyDictionary<string, ColumnStatistics> columns) =>
        Write(schema, numRecords, columns, TableProperties.Defaults);

    /// <summary>The stats under the data-skipping properties of the table they are committed to.</summary>
    public static string Write(TableSchema schema, long numRecords, IReadOnlyDictionary<string, ColumnStatistics> columns, TableProperties properties)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        var indexed = StatsColumnSelection.Of(schema, properties).Where(c => columns.ContainsKey(c.Name)).ToList();
        var prefixLength = properties.StringPrefixLength;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("numRecords", numRecords);
            WriteBounds(w, "minValues", indexed, columns, prefixLength, isMax: false);
            WriteBounds(w, "maxValues", indexed, columns, prefixLength, isMax: true);
            w.WriteStartObject("nullCount");
            foreach (var column in indexed)
            {
                if (columns[column.Name].NullCount is { } nulls)
                {
                    w.WriteNumber(column.Name, nulls);
                }
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteBounds(Utf8JsonWriter w, string name, List<Column> indexed, IReadOnlyDictionary<string, ColumnStatistics> columns, int prefixLength, bool isMax)
    {
        w.WriteStartObject(name);
        foreach (var column in indexed)
        {
            var value = isMax ? columns[column.Name].Max : columns[column.Name].Min;
            if (value is not null)
            {
                WriteValue(w, column.Name, column.Type, value, prefixLength, isMax);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, string name, LogicalType type, object value, int prefixLength, bool isMax)
    {
        switch (type.Kind, value)
        {
            case (LogicalKind.Long, long l): w.WriteNumber(name, l); break;
            case (LogicalKind.Integer, int i): w.WriteNumber(name, i); break;
            case (LogicalKind.Short, short s): w.WriteNumber(name, s); break;
            case (LogicalKind.Byte, sbyte b): w.WriteNumber(name, b); break;
            case (LogicalKind.Double, double d) when double.IsFinite(d): w.WriteNumber(name, d); break;
            case (LogicalKind.Float, float f) when float.IsFinite(f): w.WriteNumber(name, f); break;
            case (LogicalKind.Decimal, decimal m): w.WriteNumber(name, m); break;
            case (LogicalKind.Date, DateOnly date): w.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case (LogicalKind.Timestamp, DateTime ts): w.WriteString(name, FormatTimestamp(ts)); break;
            case (LogicalKind.String, string text):
                if ((isMax ? StringStatsTruncation.Max(text, prefixLength) : StringStatsTruncation.Min(text, prefixLength)) is { } bound)
                {
                    w.WriteString(name, bound);
                }

                break;
        }
    }

    /// <summary>UTC, truncated to milliseconds, e.g. "2024-05-01T12:34:56.789Z".</summary>
    public static string FormatTimestamp(DateTime timestamp)
    {
        var utc = timestamp.Kind == DateTimeKind.Local ? timestamp.ToUniversalTime() : DateTime.SpecifyKind(timestamp, DateTimeKind.Utc);
        var truncated = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return truncated.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
