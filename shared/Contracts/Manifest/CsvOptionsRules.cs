
namespace Handoff.Shared.Manifest;

/// <summary>A CSV dialect a reader can parse unambiguously: distinct delimiter and quote, no line breaks in either.</summary>
internal static class CsvOptionsRules
{
    public static IReadOnlyList<string> LineEndings { get; } = ["\n", "\r\n"];

    /// <summary>The first problem as (field name within the csv object, detail), or null.</summary>
    public static (string Field, string Detail)? Problem(CsvOptions csv)
    {
        foreach (var (field, value) in new[] { ("delimiter", csv.Delimiter), ("quote", csv.Quote), ("escape", csv.Escape) })
        {
            if (value is '\r' or '\n')
            {
                return (field, $"must not be a line break ({Printable.Char(value)})");
            }
        }

        if (csv.Delimiter == csv.Quote)
        {
            return ("quote", $"{Printable.Char(csv.Quote)} is also the delimiter; they must differ");
        }

        if (csv.Delimiter == csv.Escape)
        {
            return ("escape", $"{Printable.Char(csv.Escape)} is also the delimiter; they must differ");
        }

        if (!Enum.IsDefined(csv.QuoteMode))
        {
            return ("quoteMode", $"{csv.QuoteMode} is not a quote mode");
        }

        if (!LineEndings.Contains(csv.LineEnding))
        {
            return ("lineEnding", $"'{Printable.Text(csv.LineEnding ?? string.Empty)}' is not supported; use \"\\n\" or \"\\r\\n\"");
        }

        return null;
    }
}
