using System.Globalization;
using Handoff.SparkJob.Delta.Actions;

namespace Handoff.SparkJob.Delta.Properties;

/// <summary>
/// The table properties (metaData.configuration) this writer honours, read with Delta's names and
/// defaults (delta-io/delta bb1057f, spark/.../DeltaConfig.scala). Unset or unreadable values give
/// the default, except where a default would lose data (see <see cref="TombstoneRetention"/>).
/// </summary>
public sealed class TableProperties
{
    public const string DeletedFileRetentionDurationKey = "delta.deletedFileRetentionDuration";
    public const string CheckpointWriteStatsAsJsonKey = "delta.checkpoint.writeStatsAsJson";
    public const string CheckpointWriteStatsAsStructKey = "delta.checkpoint.writeStatsAsStruct";
    public const string DataSkippingNumIndexedColsKey = "delta.dataSkippingNumIndexedCols";
    public const string DataSkippingStatsColumnsKey = "delta.dataSkippingStatsColumns";
    public const string DataSkippingStringPrefixLengthKey = "delta.dataSkippingStringPrefixLength";

    private readonly IReadOnlyDictionary<string, string?> _configuration;

    /// <summary>The properties of a table that sets none: Delta's defaults throughout.</summary>
    public static TableProperties Defaults { get; } = new(null);

    public TableProperties(MetadataAction? metadata)
    {
        _configuration = metadata?.Configuration ?? new Dictionary<string, string?>();
    }

    /// <summary>
    /// How long a removed file's tombstone must stay in checkpoints: the table's
    /// delta.deletedFileRetentionDuration, else <paramref name="fallback"/> (Delta's default is
    /// "interval 1 week"). A value that is set but unreadable keeps every tombstone
    /// (<see cref="TimeSpan.MaxValue"/>): dropping one too early lets VACUUM delete a file that
    /// time travel still needs, keeping one too long costs a checkpoint row.
    /// </summary>
    public TimeSpan TombstoneRetention(TimeSpan fallback) =>
        Text(DeletedFileRetentionDurationKey) is { } text ? DeltaInterval.TryParse(text) ?? TimeSpan.MaxValue : fallback;

    /// <summary>delta.checkpoint.writeStatsAsJson: checkpoints keep add.stats as JSON (default true).</summary>
    public bool CheckpointStatsAsJson => Boolean(CheckpointWriteStatsAsJsonKey) ?? true;

    /// <summary>
    /// delta.checkpoint.writeStatsAsStruct set to true: checkpoints must carry stats_parsed.
    /// PROTOCOL.md, "Checkpoints": the field "needs to be written when ... set to true. When this
    /// property is set to false (which is the default), this field should be omitted".
    /// </summary>
    public bool CheckpointStatsAsStruct => Boolean(CheckpointWriteStatsAsStructKey) ?? false;

    /// <summary>delta.dataSkippingNumIndexedCols: how many leading columns get stats; -1 for all (default 32).</summary>
    public int NumIndexedColumns =>
        int.TryParse(Text(DataSkippingNumIndexedColsKey), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= -1 ? n : 32;

    /// <summary>delta.dataSkippingStatsColumns: the columns that get stats, overriding <see cref="NumIndexedColumns"/>; null when unset.</summary>
    public string? StatsColumns => Text(DataSkippingStatsColumnsKey);

    /// <summary>delta.dataSkippingStringPrefixLength: how many characters of a string min/max are kept (default 32, Spark's spark.databricks.io.skipping.stringPrefixLength).</summary>
    public int StringPrefixLength =>
        int.TryParse(Text(DataSkippingStringPrefixLengthKey), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 32;

    private string? Text(string key) =>
        _configuration.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private bool? Boolean(string key) => Text(key)?.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };
}
