using System.Globalization;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Log;

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

    public static async Task WriteAsync(IDeltaEngine engine, long version, TableState state, long tombstoneCutoffMillis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(state);
        var actions = state.ToCheckpointActions(tombstoneCutoffMillis);
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
