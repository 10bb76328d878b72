using System.Buffers;
using System.Text;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;

namespace Handoff.Shared.Formats.Csv;

/// <summary>A checked <see cref="CsvOptions"/> with the search sets and UTF-8 forms the writer and parser use.</summary>
internal sealed class CsvDialect
{
    private CsvDialect(CsvOptions options)
    {
        Options = options;
        Delimiter = options.Delimiter;
        Quote = options.Quote;
        Escape = options.Escape;
        Mode = options.QuoteMode;
        DelimiterUtf8 = Utf8(Delimiter);
        QuoteUtf8 = Utf8(Quote);
        EscapeUtf8 = Utf8(Escape);
        LineEndingUtf8 = Encoding.UTF8.GetBytes(options.LineEnding);
        NeedsQuoting = SearchValues.Create([Delimiter, Quote, Escape, '\r', '\n']);
        InsideQuotes = SearchValues.Create(Quote == Escape ? [Quote] : [Quote, Escape]);
        UnquotedStops = SearchValues.Create(Mode == CsvQuoteMode.None ? [Delimiter, Escape, '\r', '\n'] : [Delimiter, '\r', '\n']);
        if (char.IsAscii(Delimiter) && char.IsAscii(Quote) && char.IsAscii(Escape))
        {
            NeedsQuotingUtf8 = SearchValues.Create([(byte)Delimiter, (byte)Quote, (byte)Escape, (byte)'\r', (byte)'\n']);
            InsideQuotesUtf8 = SearchValues.Create(Quote == Escape ? [(byte)Quote] : [(byte)Quote, (byte)Escape]);
        }
    }

    public CsvOptions Options { get; }

    public char Delimiter { get; }

    public char Quote { get; }

    public char Escape { get; }

    public CsvQuoteMode Mode { get; }

    public byte[] DelimiterUtf8 { get; }

    public byte[] QuoteUtf8 { get; }

    public byte[] EscapeUtf8 { get; }

    public byte[] LineEndingUtf8 { get; }

    /// <summary>Characters that force quoting in <see cref="CsvQuoteMode.Needed"/> and escaping in <see cref="CsvQuoteMode.None"/>.</summary>
    public SearchValues<char> NeedsQuoting { get; }

    /// <summary>Characters that are escaped inside a quoted field.</summary>
    public SearchValues<char> InsideQuotes { get; }

    /// <summary>
    /// <see cref="NeedsQuoting"/> as UTF-8 bytes, when every special character is ASCII (and so
    /// can never be part of another character's UTF-8 form); null otherwise.
    /// </summary>
    public SearchValues<byte>? NeedsQuotingUtf8 { get; }

    /// <summary><see cref="InsideQuotes"/> as UTF-8 bytes, when <see cref="NeedsQuotingUtf8"/> is not null.</summary>
    public SearchValues<byte>? InsideQuotesUtf8 { get; }

    /// <summary>Characters that end or interrupt an unquoted field.</summary>
    public SearchValues<char> UnquotedStops { get; }

    public static CsvDialect From(CsvOptions? options)
    {
        options ??= new CsvOptions();
        if (CsvOptionsRules.Problem(options) is { } problem)
        {
            throw new InputArgumentException($"CSV option {problem.Field}: {problem.Detail}", nameof(options));
        }

        foreach (var (name, value) in new[] { ("delimiter", options.Delimiter), ("quote", options.Quote), ("escape", options.Escape) })
        {
            if (char.IsSurrogate(value))
            {
                throw new InputArgumentException($"CSV option {name}: U+{(int)value:X4} is half of a surrogate pair, not a character", nameof(options));
            }
        }

        return new CsvDialect(options);
    }

    private static byte[] Utf8(char c) => Encoding.UTF8.GetBytes([c]);
}
