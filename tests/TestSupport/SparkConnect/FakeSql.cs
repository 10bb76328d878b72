using System.Globalization;
using System.Text;
using Handoff.Shared.Schema;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// Just enough of Spark SQL's lexical rules to read the statements our engine sends: quoted
/// identifiers, table references, DDL column lists and literals. The fake is strict: what it
/// cannot read is a syntax error, as it would be in Spark.
/// </summary>
public static class FakeSql
{
    /// <summary>Reads a backtick-quoted identifier at <paramref name="position"/>; returns it unquoted.</summary>
    public static string ReadQuoted(string text, ref int position)
    {
        if (position >= text.Length || text[position] != '`')
        {
            throw Syntax($"expected a quoted identifier at {position} in: {text}");
        }

        var value = new StringBuilder();
        for (position++; position < text.Length; position++)
        {
            if (text[position] == '`')
            {
                if (position + 1 < text.Length && text[position + 1] == '`')
                {
                    value.Append('`');
                    position++;
                    continue;
                }

                position++;
                return value.ToString();
            }

            value.Append(text[position]);
        }

        throw Syntax($"unterminated quoted identifier in: {text}");
    }

    /// <summary>A table reference: `a`.`b`.`c` or delta.`path`; returns its key ("a.b.c", "delta:/path") and moves past it.</summary>
    public static string ReadTable(string text, ref int position)
    {
        if (string.CompareOrdinal(text, position, "delta.`", 0, 7) == 0)
        {
            position += 6;
            return "delta:" + ReadQuoted(text, ref position);
        }

        var parts = new List<string> { ReadQuoted(text, ref position) };
        while (position < text.Length && text[position] == '.')
        {
            position++;
            parts.Add(ReadQuoted(text, ref position));
        }

        return string.Join('.', parts);
    }

    /// <summary>"`id` BIGINT NOT NULL, `amount` DECIMAL(18,2)" → columns.</summary>
    public static TableSchema ParseDdl(string ddl)
    {
        var columns = new List<Column>();
        var position = 0;
        while (position < ddl.Length)
        {
            SkipSpaces(ddl, ref position);
            var name = ReadQuoted(ddl, ref position);
            var end = position;
            var depth = 0;
            while (end < ddl.Length && (ddl[end] != ',' || depth > 0))
            {
                depth += ddl[end] == '(' ? 1 : ddl[end] == ')' ? -1 : 0;
                end++;
            }

            var spec = ddl[position..end].Trim();
            var notNull = spec.EndsWith(" NOT NULL", StringComparison.OrdinalIgnoreCase);
            var typeText = notNull ? spec[..^" NOT NULL".Length].Trim() : spec;
            if (!LogicalType.TryParse(typeText, out var type))
            {
                throw Syntax($"unknown type '{typeText}' in DDL: {ddl}");
            }

            columns.Add(new Column(name, type!, !notNull));
            position = end + 1;
        }

        return new TableSchema(columns);
    }

    /// <summary>The literals of "VALUES (a, b, ...)": strings (with escapes), integers, booleans, TIMESTAMP 'x'.</summary>
    public static List<object?> ParseValues(string text)
    {
        var values = new List<object?>();
        var position = 0;
        while (position < text.Length)
        {
            SkipSpaces(text, ref position);
            if (text[position] == '\'')
            {
                values.Add(ReadString(text, ref position));
            }
            else if (text.AsSpan(position).StartsWith("TIMESTAMP "))
            {
                position += "TIMESTAMP ".Length;
                var value = ReadString(text, ref position);
                values.Add(DateTimeOffset.Parse(value, CultureInfo.InvariantCulture));
            }
            else
            {
                var end = text.IndexOf(',', position);
                end = end < 0 ? text.Length : end;
                var token = text[position..end].Trim();
                values.Add(token switch
                {
                    "true" => true,
                    "false" => false,
                    "NULL" => null,
                    _ => long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : throw Syntax($"unreadable literal '{token}'"),
                });
                position = end;
            }

            SkipSpaces(text, ref position);
            if (position < text.Length)
            {
                position = text[position] == ',' ? position + 1 : throw Syntax($"expected ',' at {position} in VALUES");
            }
        }

        return values;
    }

    public static FakeSparkException Syntax(string message) => FakeSparkErrors.Spark("PARSE_SYNTAX_ERROR", "42601", message, "org.apache.spark.sql.catalyst.parser.ParseException");

    public static string ReadString(string text, ref int position)
    {
        var value = new StringBuilder();
        for (position++; position < text.Length; position++)
        {
            var c = text[position];
            if (c == '\'')
            {
                position++;
                return value.ToString();
            }

            if (c == '\\')
            {
                var next = text[++position];
                value.Append(next switch
                {
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    'u' => ((char)int.Parse(text.AsSpan(position + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
                    _ => next.ToString(),
                });
                if (next == 'u')
                {
                    position += 4;
                }

                continue;
            }

            if (c < ' ')
            {
                throw Syntax("a raw control character in a string literal");
            }

            value.Append(c);
        }

        throw Syntax("unterminated string literal");
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }
}
