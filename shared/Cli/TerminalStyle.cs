namespace Handoff.Shared.Cli;

/// <summary>The tones output uses: green for what passed, red for what failed, yellow for what could not be checked.</summary>
public enum Tone
{
    Plain,
    Good,
    Bad,
    Warning,
    Strong,
}

/// <summary>
/// Colour on a terminal: ANSI SGR codes around a piece of text, only when the output is a
/// terminal and NO_COLOR (no-color.org) is not set, nor TERM=dumb. Elsewhere the text is left as it is.
/// </summary>
public sealed record TerminalStyle(bool Colour, int? Width)
{
    public static TerminalStyle Plain { get; } = new(false, null);

    /// <summary>The style for a writer that is a terminal (or not), from the environment.</summary>
    public static TerminalStyle For(bool isTerminal, Func<string, string?>? environment = null, int? width = null)
    {
        var variables = environment ?? Environment.GetEnvironmentVariable;
        var colour = isTerminal && string.IsNullOrEmpty(variables("NO_COLOR")) && variables("TERM") != "dumb";
        return new TerminalStyle(colour, isTerminal ? width : null);
    }

    public string Paint(string text, Tone tone)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Colour || tone == Tone.Plain || text.Length == 0)
        {
            return text;
        }

        var code = tone switch
        {
            Tone.Good => "32",
            Tone.Bad => "1;31",
            Tone.Warning => "33",
            _ => "1",
        };
        return $"\u001b[{code}m{text}\u001b[0m";
    }
}
