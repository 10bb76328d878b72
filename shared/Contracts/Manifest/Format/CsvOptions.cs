namespace Handoff.Shared.Manifest;

public enum CsvQuoteMode
{
    /// <summary>Quote every field; a null becomes an empty quoted field, so nulls and "" read back alike.</summary>
    All,

    /// <summary>Quote every non-null field; a null is an empty unquoted field, so it stays distinct from "".</summary>
    NonNull,

    /// <summary>Quote only fields that contain the delimiter, the quote, the escape or a line break.</summary>
    Needed,

    /// <summary>Never quote; special characters are escaped with the escape character.</summary>
    None,
}

/// <summary>
/// The CSV dialect of an export, as Amperity's Blob destination names it. It is recorded in the
/// manifest so that the reader parses exactly what the writer wrote.
/// </summary>
public sealed record CsvOptions
{
    public bool Header { get; init; } = true;

    public char Delimiter { get; init; } = ',';

    public char Quote { get; init; } = '"';

    /// <summary>The character that escapes a quote inside a quoted field (the quote itself means doubling).</summary>
    public char Escape { get; init; } = '"';

    public CsvQuoteMode QuoteMode { get; init; } = CsvQuoteMode.Needed;

    /// <summary>"\n" or "\r\n".</summary>
    public string LineEnding { get; init; } = "\n";
}
