namespace Handoff.Shared.Cli;

/// <summary>Where a command writes, so tests can run commands in-process and read what a user would see.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal)
{
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsErrorRedirected);
}
