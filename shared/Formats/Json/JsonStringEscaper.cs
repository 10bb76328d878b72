using System.Buffers;
using System.Text;
using Handoff.Shared.Formats.TextOutput;
using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.Json;

/// <summary>
/// Writes a string as a JSON string literal: quotes, backslashes and control characters escaped
/// (as RFC 8259 requires), everything else as its UTF-8, as DuckDB and Spark write it.
/// </summary>
internal static class JsonStringEscaper
{
    /// <summary>What RFC 8259 requires escaped: the quote, the backslash and the control characters.</summary>
    private const string Escaped = "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F";

    private static readonly SearchValues<char> MustEscape = SearchValues.Create(Escaped);

    /// <summary>The same set as bytes: all ASCII, so none is ever part of another character's UTF-8 form.</summary>
    private static readonly SearchValues<byte> MustEscapeUtf8 = SearchValues.Create(Encoding.ASCII.GetBytes(Escaped));

    /// <summary>Whether UTF-8 text (one value, or many back to back) holds a byte that must be escaped.</summary>
    public static bool MustBeEscaped(ReadOnlySpan<byte> utf8) => utf8.IndexOfAny(MustEscapeUtf8) >= 0;

    /// <summary><see cref="Write(ReadOnlySpan{char}, Utf8OutputBuffer)"/> for text that is already valid UTF-8.</summary>
    public static void Write(ReadOnlySpan<byte> utf8, Utf8OutputBuffer output)
    {
        output.WriteByte((byte)'"');
        while (true)
        {
            var next = utf8.IndexOfAny(MustEscapeUtf8);
            if (next < 0)
            {
                output.Write(utf8);
                break;
            }

            output.Write(utf8[..next]);
            WriteEscape((char)utf8[next], output);
            utf8 = utf8[(next + 1)..];
        }

        output.WriteByte((byte)'"');
    }

    /// <summary>Writes UTF-8 text known to need no escaping between quotes.</summary>
    public static void WritePlain(ReadOnlySpan<byte> utf8, Utf8OutputBuffer output)
    {
        var span = output.GetSpan(utf8.Length + 2);
        span[0] = (byte)'"';
        utf8.CopyTo(span[1..]);
        span[utf8.Length + 1] = (byte)'"';
        output.Advance(utf8.Length + 2);
    }

    /// <exception cref="InvalidDataException">The text holds an unpaired surrogate, which has no UTF-8 form.</exception>
    public static void Write(ReadOnlySpan<char> text, Utf8OutputBuffer output)
    {
        output.WriteByte((byte)'"');
        var rest = text;
        while (true)
        {
            var next = rest.IndexOfAny(MustEscape);
            if (next < 0)
            {
                WriteUtf8(rest, text, output);
                break;
            }

            WriteUtf8(rest[..next], text, output);
            WriteEscape(rest[next], output);
            rest = rest[(next + 1)..];
        }

        output.WriteByte((byte)'"');
    }

    private static void WriteUtf8(ReadOnlySpan<char> run, ReadOnlySpan<char> whole, Utf8OutputBuffer output)
    {
        // Runs end only at escaped characters, never inside a surrogate pair, so a run that has no
        // UTF-8 form holds an unpaired surrogate of the text: name the whole text.
        try
        {
            output.WriteUtf16(run);
        }
        catch (InputDataException)
        {
            throw Utf16Text.UnpairedSurrogate(whole);
        }
    }

    private static void WriteEscape(char c, Utf8OutputBuffer output)
    {
        var escape = c switch
        {
            '"' => "\\\""u8,
            '\\' => "\\\\"u8,
            '\n' => "\\n"u8,
            '\r' => "\\r"u8,
            '\t' => "\\t"u8,
            '\b' => "\\b"u8,
            '\f' => "\\f"u8,
            _ => default,
        };
        if (!escape.IsEmpty)
        {
            output.Write(escape);
            return;
        }

        var span = output.GetSpan(6);
        "\\u00"u8.CopyTo(span);
        span[4] = HexDigit(c >> 4);
        span[5] = HexDigit(c & 0xF);
        output.Advance(6);
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
