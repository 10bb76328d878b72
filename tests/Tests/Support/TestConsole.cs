using Handoff.Shared.Cli;
using Handoff.Shared.Cli.Progress;

namespace Handoff.Tests.Support;

/// <summary>
/// The console in-process commands write to: as a user's, except that the progress lines a log
/// gets every few seconds are off, so that what a test reads on stderr never depends on how long
/// a step took on a busy machine. Progress has tests of its own (Operator/ProgressTests).
/// </summary>
public static class TestConsole
{
    public static CliConsole For(TextWriter stdout, TextWriter stderr) => new(stdout, stderr, ErrorIsTerminal: false)
    {
        Environment = name => name == ConsoleProgress.IntervalVariable ? "86400" : Environment.GetEnvironmentVariable(name),
    };
}
