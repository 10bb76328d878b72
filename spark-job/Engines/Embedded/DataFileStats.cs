using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Stats;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>
/// Delta add-file statistics from a Parquet footer: numRecords and, for the first 32 columns,
/// nullCount/min/max. Reading the footer costs one range read, whether we wrote the file or
/// copied it, so stats never need a pass over the data.
/// </summary>
internal static class DataFileStats
{
    public static string FromFooter(ParquetFooter footer, TableSchema schema)
    {
        var columns = new Dictionary<string, ColumnStatistics>(StringComparer.Ordinal);
        foreach (var column in schema.Take(StatsJsonWriter.IndexedColumns))
        {
            var stats = footer.Statistics(column.Name, column.Type);
            columns[column.Name] = new ColumnStatistics(stats.NullCount, stats.Min, stats.Max);
        }

        return StatsJsonWriter.Write(schema, footer.RowCount, columns);
    }
}
