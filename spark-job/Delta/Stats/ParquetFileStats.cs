using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Schema;

namespace Handoff.SparkJob.Delta.Stats;

/// <summary>Delta stats for a Parquet data file, from the statistics its footer already holds (no data is read).</summary>
public static class ParquetFileStats
{
    /// <summary>
    /// numRecords from the footer, and per column the null count and min/max the footer records.
    /// A column the footer lacks, or whose statistics are missing or cannot be decoded as its
    /// logical type, gets no entry (stats are optional per column).
    /// </summary>
    public static CollectedStats Collect(ParquetFooter footer, TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(footer);
        ArgumentNullException.ThrowIfNull(schema);
        var names = footer.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var columns = new Dictionary<string, ColumnStatistics>(StringComparer.Ordinal);
        foreach (var column in schema.Where(c => names.Contains(c.Name)))
        {
            try
            {
                var statistics = footer.Statistics(column.Name, column.Type);
                columns[column.Name] = new ColumnStatistics(statistics.NullCount, statistics.Min, statistics.Max);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidCastException or OverflowException)
            {
                // Undecodable statistics only cost data skipping; the column is left out.
            }
        }

        return new CollectedStats(schema, footer.RowCount, columns);
    }
}
