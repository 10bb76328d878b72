using System.Text;

namespace Handoff.Tests.Architecture;

/// <summary>A string literal of a C# source file, with the line it starts on.</summary>
public sealed record SourceLiteral(int Line, string Text);

/// <summary>
/// The string literals of a C# source file, found by a small lexer that knows comments, character
/// literals and the literal forms the code uses: "..." with escapes, @"..." verbatim, $"..."
/// interpolated (the holes' code is kept in the text, which can only add findings) and """raw""".
/// </summary>
public static class CSharpStringLiterals
{
    public static IReadOnlyList<SourceLiteral> Read(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var literals = new List<SourceLiteral>();
        var i = 0;
        while (i < source.Length)
        {
            if (StartsWith(source, i, "//"))
            {
                i = source.IndexOf('\n', i) is var end and >= 0 ? end : source.Length;
            }
            else if (StartsWith(source, i, "/*"))
            {
                i = source.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : source.Length;
            }
            else if (source[i] == '\'')
            {
                i = SkipCharLiteral(source, i);
            }
            else if (LiteralStart(source, i) is { } start)
            {
                var line = LineOf(source, i);
                var (text, next) = start.Raw ? ReadRaw(source, start.QuotesAt) : ReadQuoted(source, start.QuotesAt, start.Verbatim, start.Interpolated);
                literals.Add(new SourceLiteral(line, text));
                i = next;
            }
            else
            {
                i++;
            }
        }

        return literals;
    }

    private static (int QuotesAt, bool Verbatim, bool Interpolated, bool Raw)? LiteralStart(string source, int i)
    {
        var j = i;
        var verbatim = false;
        var interpolated = false;
        while (j < source.Length && source[j] is '$' or '@')
        {
            verbatim |= source[j] == '@';
            interpolated |= source[j] == '$';
            j++;
        }

        if (j >= source.Length || source[j] != '"')
        {
            return null;
        }

        return (j, verbatim, interpolated, StartsWith(source, j, "\"\"\""));
    }

    private static (string Text, int Next) ReadQuoted(string source, int quote, bool verbatim, bool interpolated)
    {
        var text = new StringBuilder();
        var i = quote + 1;
        while (i < source.Length)
        {
            var c = source[i];
            if (!verbatim && c == '\\' && i + 1 < source.Length)
            {
                text.Append(c).Append(source[i + 1]);
                i += 2;
            }
            else if (c == '"' && verbatim && i + 1 < source.Length && source[i + 1] == '"')
            {
                text.Append('"');
                i += 2;
            }
            else if (c == '"')
            {
                return (text.ToString(), i + 1);
            }
            else if (interpolated && StartsWith(source, i, "{{"))
            {
                text.Append("{{");
                i += 2;
            }
            else if (interpolated && c == '{')
            {
                // An interpolation hole may hold string literals of its own: keep its code, nested strings included.
                var close = SkipHole(source, i);
                text.Append(source, i, close - i);
                i = close;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return (text.ToString(), i);
    }

    private static int SkipHole(string source, int open)
    {
        var depth = 0;
        var i = open;
        while (i < source.Length)
        {
            if (source[i] == '"')
            {
                i = ReadQuoted(source, i, verbatim: false, interpolated: false).Next;
                continue;
            }

            depth += source[i] switch { '{' => 1, '}' => -1, _ => 0 };
            i++;
            if (depth == 0)
            {
                return i;
            }
        }

        return i;
    }

    private static (string Text, int Next) ReadRaw(string source, int quotes)
    {
        var count = 0;
        while (quotes + count < source.Length && source[quotes + count] == '"')
        {
            count++;
        }

        var fence = new string('"', count);
        var end = source.IndexOf(fence, quotes + count, StringComparison.Ordinal);
        return end < 0 ? (source[(quotes + count)..], source.Length) : (source[(quotes + count)..end], end + count);
    }

    private static int SkipCharLiteral(string source, int quote)
    {
        var i = quote + 1;
        if (i < source.Length && source[i] == '\\')
        {
            i++;
        }

        var close = source.IndexOf('\'', i + 1);
        return close < 0 ? source.Length : close + 1;
    }

    private static bool StartsWith(string source, int i, string text) =>
        string.CompareOrdinal(source, i, text, 0, text.Length) == 0;

    private static int LineOf(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;
}
