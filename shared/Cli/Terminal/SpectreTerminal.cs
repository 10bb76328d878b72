using Handoff.Shared.Progress;

namespace Handoff.Shared.Cli.Terminal;

/// <summary>
/// The terminal on stderr: one live progress display for the whole process (Spectre.Console,
/// which allows one at a time, loaded only when a step lasts long enough to show), and a writer
/// for the program's other stderr lines that prints them above the live lines.
/// </summary>
public sealed class SpectreTerminal : ITerminal
{
    private readonly LiveProgress _live;

    private SpectreTerminal(TextWriter stderr, Func<string, string?> environment)
    {
        _live = new LiveProgress(stderr, environment);
        Writer = new LineWriter(_live);
    }

    public TextWriter Writer { get; }

    /// <summary>A terminal over <paramref name="stderr"/>; colourless when NO_COLOR is set.</summary>
    public static SpectreTerminal Over(TextWriter stderr, Func<string, string?> environment) => new(stderr, environment);

    public IWorkProgress Progress(bool verbose)
    {
        _live.Verbose |= verbose;
        return _live;
    }

    /// <summary>Whole lines to the live progress (partial ones when flushed), so they land above its lines.</summary>
    private sealed class LineWriter(LiveProgress live) : TextWriter
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
                    live.WriteLine(text);
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
    }
}
