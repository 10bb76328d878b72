using System.Buffers;
using Handoff.Shared.Formats.TextOutput;
using Handoff.Shared.Manifest;

namespace Handoff.Shared.Formats.Csv;

/// <summary>
/// Writes one text field (a string value, a header name, formatted text) in the dialect: quoted as
/// its quote mode says, special characters escaped. Text comes as .NET strings or, from a source
/// that kept them (DuckDB), as UTF-8 bytes; bytes are scanned as bytes when every special
/// character is ASCII (<see cref="CsvDialect.NeedsQuotingUtf8"/>).
/// </summary>
internal sealed class CsvTextWriter(CsvDialect dialect, Utf8OutputBuffer output)
{
    public void Write(ReadOnlySpan<char> text)
    {
        switch (dialect.Mode)
        {
            case CsvQuoteMode.All:
            case CsvQuoteMode.NonNull:
                WriteQuoted(text);
                break;
            case CsvQuoteMode.Needed:
                if (text.IsEmpty || text.IndexOfAny(dialect.NeedsQuoting) >= 0)
                {
                    WriteQuoted(text);
                }
                else
                {
                    output.WriteUtf16(text);
                }

                break;
            default:
                WriteEscaped(text);
                break;
        }
    }

    /// <summary><see cref="Write(ReadOnlySpan{char})"/> for UTF-8 text, when the dialect's special characters are ASCII.</summary>
    public void Write(ReadOnlySpan<byte> text)
    {
        switch (dialect.Mode)
        {
            case CsvQuoteMode.All:
            case CsvQuoteMode.NonNull:
                WriteQuoted(text);
                break;
            case CsvQuoteMode.Needed:
                if (text.IsEmpty || text.IndexOfAny(dialect.NeedsQuotingUtf8!) >= 0)
                {
                    WriteQuoted(text);
                }
                else
                {
                    output.Write(text);
                }

                break;
            default:
                WriteWithEscapes(text, dialect.NeedsQuotingUtf8!);
                break;
        }
    }

    /// <summary>UTF-8 text known to hold no character that the dialect quotes or escapes.</summary>
    public void WritePlain(ReadOnlySpan<byte> text)
    {
        if (dialect.Mode is CsvQuoteMode.All or CsvQuoteMode.NonNull || (text.IsEmpty && dialect.Mode == CsvQuoteMode.Needed))
        {
            output.Write(dialect.QuoteUtf8);
            output.Write(text);
            output.Write(dialect.QuoteUtf8);
        }
        else
        {
            output.Write(text);
        }
    }

    private void WriteQuoted(ReadOnlySpan<byte> text)
    {
        output.Write(dialect.QuoteUtf8);
        WriteWithEscapes(text, dialect.InsideQuotesUtf8!);
        output.Write(dialect.QuoteUtf8);
    }

    private void WriteWithEscapes(ReadOnlySpan<byte> text, SearchValues<byte> special)
    {
        while (true)
        {
            var next = text.IndexOfAny(special);
            if (next < 0)
            {
                output.Write(text);
                return;
            }

            output.Write(text[..next]);
            output.Write(dialect.EscapeUtf8);
            output.WriteByte(text[next]);
            text = text[(next + 1)..];
        }
    }

    private void WriteQuoted(ReadOnlySpan<char> text)
    {
        output.Write(dialect.QuoteUtf8);
        WriteWithEscapes(text, dialect.InsideQuotes);
        output.Write(dialect.QuoteUtf8);
    }

    private void WriteEscaped(ReadOnlySpan<char> text) => WriteWithEscapes(text, dialect.NeedsQuoting);

    private void WriteWithEscapes(ReadOnlySpan<char> text, SearchValues<char> special)
    {
        while (true)
        {
            var next = text.IndexOfAny(special);
            if (next < 0)
            {
                output.WriteUtf16(text);
                return;
            }

            output.WriteUtf16(text[..next]);
            output.Write(dialect.EscapeUtf8);
            output.WriteUtf16(text.Slice(next, 1));
            text = text[(next + 1)..];
        }
    }
}
