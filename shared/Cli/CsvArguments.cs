using System.CommandLine;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;

namespace Handoff.Shared.Cli;

/// <summary>
/// The CSV dialect options, named as in Amperity's Blob destination: the exporter writes this
/// dialect, and spark-job and the exporter's manifest command read files sent in it.
/// </summary>
public sealed class CsvArguments(bool reading = false)
{
    public Option<bool?> Header { get; } = new("--csv-header") { Description = reading ? "The files start with a header row (default true)." : "Write a header row (default true).", HelpName = "true|false" };

    public Option<string?> Delimiter { get; } = new("--csv-delimiter") { Description = "Field delimiter: comma (default), tab, pipe, or any single character.", HelpName = "comma|tab|pipe|CHAR" };

    public Option<string?> QuoteMode { get; } = new("--csv-quote-mode") { Description = "all, non-null, needed (default: only fields containing the delimiter, a quote or a line break), or none (escape instead).", HelpName = "all|non-null|needed|none" };

    public Option<string?> Escape { get; } = new("--csv-escape") { Description = "Escape character for quotes inside quoted fields (default: the quote itself, i.e. doubling).", HelpName = "CHAR" };

    public Option<string?> LineEnding { get; } = new("--csv-line-ending") { Description = "lf (default) or crlf.", HelpName = "lf|crlf" };

    public IEnumerable<Option> All => [Header, Delimiter, QuoteMode, Escape, LineEnding];

    public bool AnyGiven(ParseResult parse) => All.Any(o => parse.GetResult(o) is { Implicit: false });

    public CsvOptions Build(ParseResult parse)
    {
        var options = new CsvOptions();
        if (parse.GetValue(Header) is { } header)
        {
            options = options with { Header = header };
        }

        if (parse.GetValue(Delimiter) is { } delimiter)
        {
            options = options with
            {
                Delimiter = delimiter.ToLowerInvariant() switch
                {
                    "comma" or "," => ',',
                    "tab" or "\\t" or "\t" => '\t',
                    "pipe" or "|" => '|',
                    _ => SingleChar(delimiter, "--csv-delimiter"),
                },
            };
        }

        if (parse.GetValue(QuoteMode) is { } mode)
        {
            options = options with
            {
                QuoteMode = mode.ToLowerInvariant() switch
                {
                    "all" => CsvQuoteMode.All,
                    "non-null" or "nonnull" => CsvQuoteMode.NonNull,
                    "needed" => CsvQuoteMode.Needed,
                    "none" => CsvQuoteMode.None,
                    _ => throw new UsageException($"--csv-quote-mode '{mode}' is not one of all, non-null, needed, none"),
                },
            };
        }

        if (parse.GetValue(Escape) is { } escape)
        {
            options = options with { Escape = SingleChar(escape, "--csv-escape") };
        }

        if (parse.GetValue(LineEnding) is { } ending)
        {
            options = options with
            {
                LineEnding = ending.ToLowerInvariant() switch
                {
                    "lf" => "\n",
                    "crlf" => "\r\n",
                    _ => throw new UsageException($"--csv-line-ending '{ending}' is not lf or crlf"),
                },
            };
        }

        if (options.Delimiter is '\r' or '\n' || options.Delimiter == options.Quote || options.Delimiter == options.Escape)
        {
            throw new UsageException($"--csv-delimiter '{options.Delimiter}' cannot be a line break, the quote or the escape character");
        }

        return options;
    }

    private static char SingleChar(string value, string option) =>
        value.Length == 1 ? value[0] : throw new UsageException($"{option} must be a single character, got '{value}'");
}
