using Handoff.Shared.Cli.Terminal;

namespace Handoff.Shared.Cli;

/// <summary>Where a command writes, so tests can run commands in-process and read what a user would see.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal)
{
    /// <summary>True when stdout is a terminal: reports are then coloured (unless NO_COLOR) and wrapped to <see cref="Width"/>.</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>The terminal's width in columns, when there is one.</summary>
    public int? Width { get; init; }

    /// <summary>The environment the output honours (NO_COLOR, TERM); tests pass their own.</summary>
    public Func<string, string?> Environment { get; init; } = global::System.Environment.GetEnvironmentVariable;

    /// <summary>The terminal on stderr, when there is one: live progress lines, and <see cref="Error"/> written above them.</summary>
    public ITerminal? Terminal { get; init; }

    public static CliConsole System
    {
        get
        {
            if (Console.IsErrorRedirected)
            {
                return new(Console.Out, Console.Error, false) { OutIsTerminal = !Console.IsOutputRedirected, Width = TerminalWidth() };
            }

            var terminal = SpectreTerminal.Over(Console.Error, global::System.Environment.GetEnvironmentVariable);
            return new(Console.Out, terminal.Writer, true) { OutIsTerminal = !Console.IsOutputRedirected, Width = TerminalWidth(), Terminal = terminal };
        }
    }

    /// <summary>How stdout is styled: colour and wrapping on a terminal, plain text elsewhere.</summary>
    public TerminalStyle OutStyle => TerminalStyle.For(OutIsTerminal, Environment, Width);

    private static int? TerminalWidth()
    {
        try
        {
            return Console.IsOutputRedirected && Console.IsErrorRedirected ? null : Console.WindowWidth is > 20 and var width ? width : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
