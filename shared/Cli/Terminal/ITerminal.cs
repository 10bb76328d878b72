using Handoff.Shared.Progress;

namespace Handoff.Shared.Cli.Terminal;

/// <summary>
/// A terminal on stderr: live progress lines, and a writer for the program's other stderr lines
/// that prints them above the live lines instead of through them.
/// </summary>
public interface ITerminal
{
    /// <summary>Lines written here appear above the live progress lines.</summary>
    TextWriter Writer { get; }

    IWorkProgress Progress(bool verbose);
}
