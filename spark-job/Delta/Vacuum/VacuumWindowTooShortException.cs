using System.Globalization;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// A vacuum window below the table's delta.deletedFileRetentionDuration, asked for without
/// <see cref="VacuumOptions.Force"/>: it could delete files that a reader of an older version or an unfinished writer still
/// needs. Delta refuses it likewise unless spark.databricks.delta.retentionDurationCheck.enabled
/// is false (VacuumCommand.checkRetentionPeriodSafety). The message names no command-line option;
/// a program that has one says the same with <see cref="Table"/> and the hours.
/// </summary>
public sealed class VacuumWindowTooShortException(string table, double requestedHours, double tableHours)
    : DeltaException(DeltaErrorKind.InvalidTransaction, ReasonFor(table, requestedHours, tableHours) + " If nothing else reads or writes the table now, vacuum again with force")
{
    /// <summary>What was refused and why, without what to do about it, which depends on how the caller is asked.</summary>
    public string Reason => ReasonFor(table, requestedHours, tableHours);

    public string Table => table;

    public double RequestedHours => requestedHours;

    public double TableHours => tableHours;

    private static string ReasonFor(string table, double requestedHours, double tableHours) =>
        string.Create(CultureInfo.InvariantCulture, $"refusing to vacuum {table} with a {requestedHours:0.##}-hour window: the table keeps removed files for {tableHours:0.##} hours ({RetentionDuration.PropertyKey}), and a shorter window can delete files that readers of older versions or writers still running need. Nothing was deleted.");
}
