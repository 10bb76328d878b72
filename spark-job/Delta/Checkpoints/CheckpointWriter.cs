using System.Globalization;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Log;
using Handoff.SparkJob.Delta.Properties;

namespace Handoff.SparkJob.Delta.Checkpoints;

/// <summary>
/// Writes a classic single-file V1 checkpoint (<c>n.checkpoint.parquet</c>) of a table state and
/// then points <c>_last_checkpoint</c> at it. The checkpoint file appears atomically, so a reader
/// never picks a half-written one.
/// </summary>
public static class CheckpointWriter
{
    public const string IntervalKey = "delta.checkpointInterval";

    /// <summary>The table's delta.checkpointInterval when set to a positive number, else <paramref name="fallback"/>.</summary>
    public static int IntervalOf(MetadataAction? metadata, int fallback) =>
        metadata is not null
        && metadata.Configuration.TryGetValue(IntervalKey, out var text)
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var interval)
        && interval > 0
            ? interval
            : fallback;

    /// <summary>
    /// Writes the checkpoint of <paramref name="state"/> at <paramref name="version"/>, keeping the
    /// tombstones the table's retention (delta.deletedFileRetentionDuration, else
    /// <paramref name="defaultRetention"/>) still protects at <paramref name="now"/>, as Spark's
    /// Snapshot.minFileRetentionTimestamp does (delta-io/delta bb1057f, spark/.../Snapshot.scala).
    /// Refuses a table that asks for stats_parsed (delta.checkpoint.writeStatsAsStruct=true),
    /// which this writer does not produce, rather than write a checkpoint without it.
    /// </summary>
    public static async Task WriteAsync(IDeltaEngine engine, long version, TableState state, DateTimeOffset now, TimeSpan defaultRetention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(state);
        var properties = new TableProperties(state.Metadata);
        if (properties.CheckpointStatsAsStruct)
        {
            throw new DeltaException(
                DeltaErrorKind.UnsupportedFeature,
                $"no checkpoint of the Delta table {engine.TableLocation} was written at version {version}: the table sets {TableProperties.CheckpointWriteStatsAsStructKey}=true, which asks checkpoints for stats_parsed, and this writer does not write it (the commit itself stands; readers replay the commits since the last checkpoint)");
        }

        var retention = properties.TombstoneRetention(defaultRetention);
        var cutoff = retention >= now - DateTimeOffset.UnixEpoch ? long.MinValue : (now - retention).ToUnixTimeMilliseconds();
        var actions = state.ToCheckpointActions(cutoff, properties.CheckpointStatsAsJson);
        var size = await engine.WriteCheckpointParquetAsync(LogFile.ClassicCheckpointPath(version), actions, cancellationToken);

        // Never move the hint backwards past a newer checkpoint another writer already recorded.
        var existing = LastCheckpointHint.TryParse(await engine.TryReadTextAsync(LastCheckpointHint.PathInTable, cancellationToken));
        if (existing is not null && existing.Version > version)
        {
            return;
        }

        var hint = new LastCheckpointHint(version, actions.Count, null, size, actions.Count(a => a is AddFile));
        await engine.WriteAsync(LastCheckpointHint.PathInTable, hint.ToJsonBytes(), cancellationToken);
    }
}
