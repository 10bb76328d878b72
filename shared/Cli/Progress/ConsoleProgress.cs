using Handoff.Shared.Progress;

namespace Handoff.Shared.Cli.Progress;

/// <summary>The progress a command shows: live lines on a terminal, a line every few seconds elsewhere; always on stderr, so --json keeps stdout for its one object.</summary>
public static class ConsoleProgress
{
    /// <summary>Every how many seconds a log gets a progress line (default 5, then 30 after a step's first minute).</summary>
    public const string IntervalVariable = "HANDOFF_PROGRESS_SECONDS";

    public static IWorkProgress For(CliConsole console, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(console);
        return console.Terminal is { } terminal ? terminal.Progress(verbose) : new LogProgress(console.Error, verbose, Interval(console.Environment));
    }

    private static TimeSpan? Interval(Func<string, string?> environment) =>
        double.TryParse(environment(IntervalVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
