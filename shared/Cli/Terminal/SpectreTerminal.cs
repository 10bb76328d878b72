using Handoff.Shared.Progress;
using Spectre.Console;

namespace Handoff.Shared.Cli.Terminal;

/// <summary>
/// The terminal through Spectre.Console: its live display draws the progress lines, and every
/// other line the program writes to stderr goes through the same console, which prints it above
/// the live lines (Spectre's render hook) so the two never tear each other. Created only when
/// stderr is a terminal, so runs in pipes and logs never load the library.
/// </summary>
public sealed class SpectreTerminal : ITerminal
{
    private readonly IAnsiConsole _console;

    private SpectreTerminal(IAnsiConsole console)
    {
        _console = console;
        Writer = new LineWriter(console);
    }

    public TextWriter Writer { get; }

    /// <summary>A terminal over <paramref name="stderr"/>, colourless when NO_COLOR is set.</summary>
    public static SpectreTerminal Over(TextWriter stderr, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            // The caller has seen a terminal; CI variables must not turn the live lines off.
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = string.IsNullOrEmpty(environment("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(stderr),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        return new SpectreTerminal(console);
    }

    private LiveProgress? _live;

    /// <summary>
    /// The terminal's one live display: Spectre allows one at a time, so every step of the
    /// process (a job's, a cluster wait's inside it) shares it.
    /// </summary>
    public IWorkProgress Progress(bool verbose)
    {
        lock (_console)
        {
            _live ??= new LiveProgress(_console);
            _live.Verbose |= verbose;
            return _live;
        }
    }

    /// <summary>Whole lines to the console (partial ones when flushed), so they land above the live display.</summary>
    private sealed class LineWriter(IAnsiConsole console) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    var text = _line.ToString().TrimEnd('\r');
                    _line.Clear();
                    console.Write(new Text(text + "\n"));
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void Flush()
        {
            lock (_line)
            {
                if (_line.Length > 0)
                {
                    console.Write(new Text(_line.ToString()));
                    _line.Clear();
                }
            }
        }
    }
}
