using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Properties;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// The table property <c>delta.deletedFileRetentionDuration</c>: how long a removed file must
/// stay for readers of older versions (delta-io/delta spark/.../DeltaConfig.scala:
/// TOMBSTONE_RETENTION, default "interval 1 week"), parsed by <see cref="DeltaInterval"/> as the
/// checkpoint writer parses it. Vacuum refuses an unreadable value, where a checkpoint keeps every
/// tombstone: both are the side that deletes nothing.
/// </summary>
public static class RetentionDuration
{
    public const string PropertyKey = TableProperties.DeletedFileRetentionDurationKey;

    /// <summary>Delta's default when the table does not set the property: one week.</summary>
    public static TimeSpan Default { get; } = TimeSpan.FromHours(168);

    /// <summary>The table's retention window: its property, or <see cref="Default"/>.</summary>
    public static TimeSpan Of(MetadataAction metadata, string table)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var value = metadata.Configuration.FirstOrDefault(p => string.Equals(p.Key, PropertyKey, StringComparison.OrdinalIgnoreCase)).Value;
        if (value is null)
        {
            return Default;
        }

        return TryParse(value, out var duration)
            ? duration
            : throw new DeltaException(DeltaErrorKind.CorruptLog, $"the Delta table {table} sets {PropertyKey} to '{value}', which is not a calendar interval such as 'interval 7 days' (months and years are not accepted)");
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        var parsed = DeltaInterval.TryParse(text);
        duration = parsed ?? TimeSpan.Zero;
        return parsed is not null;
    }
}
