using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Properties;

namespace Handoff.SparkJob.Delta.Stats;

/// <summary>
/// What is known of a data file's values before it is committed: its row count and, per column
/// of <paramref name="Schema"/>, null count and min/max. Which of them reach the log, and how
/// strings are cut, is the table's choice (<see cref="StatsJsonWriter"/>), so they are kept as
/// values until the commit knows the table.
/// </summary>
public sealed record CollectedStats(TableSchema Schema, long NumRecords, IReadOnlyDictionary<string, ColumnStatistics> Columns)
{
    public string ToJson(TableProperties properties) => StatsJsonWriter.Write(Schema, NumRecords, Columns, properties);
}
