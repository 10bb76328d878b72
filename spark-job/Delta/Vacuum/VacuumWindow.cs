using Handoff.Shared.Input;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// The retention window a vacuum uses: the one asked for, or the table's own; one shorter than
/// the table's is refused unless forced (<see cref="VacuumOptions.Force"/>), as Delta refuses it (VacuumCommand.checkRetentionPeriodSafety).
/// </summary>
public static class VacuumWindow
{
    public static TimeSpan Choose(TimeSpan tableWindow, VacuumOptions options, string table)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RetainHours is not { } hours)
        {
            return tableWindow;
        }

        if (hours < 0)
        {
            throw new InputArgumentException($"a vacuum's retention window must be 0 hours or more, not {hours}");
        }

        var window = TimeSpan.FromHours(hours);
        return window < tableWindow && !options.Force
            ? throw new VacuumWindowTooShortException(table, hours, tableWindow.TotalHours)
            : window;
    }
}
