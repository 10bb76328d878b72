using System.Globalization;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// A vacuum window below the table's delta.deletedFileRetentionDuration, asked for without
/// --force: it could delete files that a reader of an older version or an unfinished writer still
/// needs. Delta refuses it likewise unless spark.databricks.delta.retentionDurationCheck.enabled
/// is false (VacuumCommand.checkRetentionPeriodSafety).
/// </summary>
public sealed class VacuumWindowTooShortException(string table, double requestedHours, double tableHours)
    : DeltaException(
        DeltaErrorKind.InvalidTransaction,
        string.Create(CultureInfo.InvariantCulture, $"refusing to vacuum {table} with a {requestedHours:0.##}-hour window: the table keeps removed files for {tableHours:0.##} hours ({RetentionDuration.PropertyKey}), and a shorter window can delete files that readers of older versions or writers still running need. Nothing was deleted. If nothing else reads or writes the table now, add --force"))
{
    public double RequestedHours => requestedHours;

    public double TableHours => tableHours;
}
