using Handoff.Shared.Progress;

namespace Handoff.Shared.Cli.Progress;

/// <summary>The progress a command shows: live lines on a terminal, a line every few seconds elsewhere; always on stderr, so --json keeps stdout for its one object.</summary>
public static class ConsoleProgress
{
    public static IWorkProgress For(CliConsole console, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(console);
        return console.Terminal is { } terminal ? terminal.Progress(verbose) : new LogProgress(console.Error, verbose);
    }
}
