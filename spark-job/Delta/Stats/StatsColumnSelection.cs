using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Properties;

namespace Handoff.SparkJob.Delta.Stats;

/// <summary>
/// Which columns get stats, as Delta chooses them (delta-io/delta bb1057f,
/// spark/.../stats/StatisticsCollection.scala, getIndexedColumns, and DeltaConfig.scala):
/// delta.dataSkippingStatsColumns, when set, names them (comma-separated, case-insensitive,
/// backticks around names holding special characters; names of no column are ignored) and takes
/// precedence; otherwise the first delta.dataSkippingNumIndexedCols columns (default 32, -1 for
/// all). Either way the columns keep the table's order. This writer's tables have top-level
/// primitive columns only, so a name is one column.
/// </summary>
public static class StatsColumnSelection
{
    public static IReadOnlyList<Column> Of(TableSchema schema, TableProperties properties)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.StatsColumns is { } list)
        {
            var named = ParseNames(list).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return schema.Where(c => named.Contains(c.Name)).ToList();
        }

        var count = properties.NumIndexedColumns;
        return count < 0 ? schema.ToList() : schema.Take(count).ToList();
    }

    /// <summary>The column names of a dataSkippingStatsColumns value: split at commas outside backticks, a doubled backtick inside them is one.</summary>
    internal static IEnumerable<string> ParseNames(string list)
    {
        var name = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < list.Length; i++)
        {
            var c = list[i];
            if (c == '`')
            {
                if (quoted && i + 1 < list.Length && list[i + 1] == '`')
                {
                    name.Append('`');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                yield return name.ToString().Trim();
                name.Clear();
            }
            else
            {
                name.Append(c);
            }
        }

        yield return name.ToString().Trim();
    }
}
