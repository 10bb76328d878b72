using Handoff.Shared.Input;
using Handoff.Shared.Manifest;

namespace Handoff.Shared.Formats.Csv;

/// <summary>Where one field's text lies in the char window, and whether it needs unescaping.</summary>
internal readonly record struct CsvField(int Start, int Length, bool Quoted, bool Escaped);

internal enum CsvParseResult
{
    /// <summary>A whole record was parsed.</summary>
    Record,

    /// <summary>The window ends inside a record; read more and parse it again.</summary>
    NeedMore,

    /// <summary>No records are left.</summary>
    End,
}

/// <summary>
/// Splits the char window into records of fields per the dialect. Records end with LF or CRLF
/// (a lone CR is data). In the quoting modes a field that starts with the quote is quoted; in
/// <see cref="Formats.CsvQuoteMode.None"/> the escape character makes the next character literal.
/// </summary>
internal sealed class CsvRecordParser(CsvDialect dialect)
{
    private readonly bool _quoting = dialect.Mode != CsvQuoteMode.None;

    public List<CsvField> Fields { get; } = [];

    /// <summary>Parses one record from <paramref name="chars"/>[start..end); <paramref name="next"/> is where the following record starts.</summary>
    public CsvParseResult Parse(char[] chars, int start, int end, bool eof, long line, out int next)
    {
        Fields.Clear();
        next = start;
        if (start == end)
        {
            return eof ? CsvParseResult.End : CsvParseResult.NeedMore;
        }

        var position = start;
        while (true)
        {
            if (position == end)
            {
                // Only reachable after a delimiter: the record ends with an empty field.
                if (!eof)
                {
                    return CsvParseResult.NeedMore;
                }

                Fields.Add(new CsvField(position, 0, false, false));
                next = position;
                return CsvParseResult.Record;
            }

            var result = _quoting && chars[position] == dialect.Quote
                ? ParseQuoted(chars, position, end, eof, line, out position, out var recordDone)
                : ParseUnquoted(chars, position, end, eof, line, out position, out recordDone);
            if (result == CsvParseResult.NeedMore)
            {
                return result;
            }

            if (recordDone)
            {
                next = position;
                return CsvParseResult.Record;
            }
        }
    }

    private CsvParseResult ParseQuoted(char[] chars, int start, int end, bool eof, long line, out int position, out bool recordDone)
    {
        recordDone = false;
        position = start;
        var contentStart = start + 1;
        var scan = contentStart;
        var escaped = false;
        int closing;
        while (true)
        {
            var found = chars.AsSpan(scan, end - scan).IndexOfAny(dialect.InsideQuotes);
            if (found < 0)
            {
                return eof ? throw Unterminated(line) : CsvParseResult.NeedMore;
            }

            var at = scan + found;
            if (at + 1 == end && !eof)
            {
                // Whether this quote closes the field or starts a pair depends on the next char.
                return CsvParseResult.NeedMore;
            }

            var following = at + 1 < end ? chars[at + 1] : '\0';
            var isPair = at + 1 < end && (dialect.Quote == dialect.Escape
                ? chars[at] == dialect.Quote && following == dialect.Quote
                : chars[at] == dialect.Escape && (following == dialect.Quote || following == dialect.Escape));
            if (isPair)
            {
                escaped = true;
                scan = at + 2;
                continue;
            }

            if (chars[at] == dialect.Quote)
            {
                closing = at;
                break;
            }

            // An escape before an ordinary character is kept as it is.
            if (at + 1 == end)
            {
                throw Unterminated(line);
            }

            scan = at + 1;
        }

        Fields.Add(new CsvField(contentStart, closing - contentStart, true, escaped));
        position = closing + 1;
        if (position == end)
        {
            if (!eof)
            {
                return CsvParseResult.NeedMore;
            }

            recordDone = true;
            return CsvParseResult.Record;
        }

        var c = chars[position];
        if (c == dialect.Delimiter)
        {
            position++;
            return CsvParseResult.Record;
        }

        if (c == '\n')
        {
            position++;
            recordDone = true;
            return CsvParseResult.Record;
        }

        if (c == '\r')
        {
            if (position + 1 == end && !eof)
            {
                return CsvParseResult.NeedMore;
            }

            if (position + 1 < end && chars[position + 1] == '\n')
            {
                position += 2;
                recordDone = true;
                return CsvParseResult.Record;
            }
        }

        throw new InputFormatException($"line {line + CountNewlines(chars, start, position)}: unexpected {Describe(c)} after the closing quote of field {Fields.Count}");
    }

    private CsvParseResult ParseUnquoted(char[] chars, int start, int end, bool eof, long line, out int position, out bool recordDone)
    {
        recordDone = false;
        position = start;
        var scan = start;
        var escaped = false;
        while (true)
        {
            var found = chars.AsSpan(scan, end - scan).IndexOfAny(dialect.UnquotedStops);
            if (found < 0)
            {
                if (!eof)
                {
                    return CsvParseResult.NeedMore;
                }

                Fields.Add(new CsvField(start, end - start, false, escaped));
                position = end;
                recordDone = true;
                return CsvParseResult.Record;
            }

            var at = scan + found;
            var c = chars[at];
            if (c == dialect.Delimiter || c == '\n')
            {
                Fields.Add(new CsvField(start, at - start, false, escaped));
                position = at + 1;
                recordDone = c == '\n';
                return CsvParseResult.Record;
            }

            if (at + 1 == end && !eof)
            {
                return CsvParseResult.NeedMore;
            }

            if (c == '\r')
            {
                if (at + 1 < end && chars[at + 1] == '\n')
                {
                    Fields.Add(new CsvField(start, at - start, false, escaped));
                    position = at + 2;
                    recordDone = true;
                    return CsvParseResult.Record;
                }

                scan = at + 1;
                continue;
            }

            // The escape character of the None mode: the next character is data.
            if (at + 1 == end)
            {
                throw new InputFormatException($"line {line + CountNewlines(chars, start, at)}: the file ends with an escape character");
            }

            escaped = true;
            scan = at + 2;
        }
    }

    private static long CountNewlines(char[] chars, int from, int to) => chars.AsSpan(from, to - from).Count('\n');

    private static InputFormatException Unterminated(long line) => new($"line {line}: a quoted field is not closed before the end of the file");

    private static string Describe(char c) => c switch
    {
        '\r' => "a carriage return",
        _ => $"'{c}'",
    };
}
