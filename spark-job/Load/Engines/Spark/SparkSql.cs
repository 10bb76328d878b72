using System.Globalization;
using System.Text;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// Quoting for the SQL text we send: identifiers in backticks with backticks doubled, string
/// literals in single quotes with Spark's backslash escapes. Nothing a user typed (table names,
/// column names, paths, report text) reaches Spark unquoted.
/// </summary>
public static class SparkSql
{
    public static string Identifier(string name) => SparkDdl.QuoteIdentifier(name);

    /// <summary>A Spark SQL string literal: '\\' and '\'' escaped, control characters as \n, \r, \t or \uXXXX.</summary>
    public static string StringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\'':
                    text.Append(@"\'");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '\r':
                    text.Append(@"\r");
                    break;
                case '\t':
                    text.Append(@"\t");
                    break;
                case < ' ':
                    text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.Append('\'').ToString();
    }

    public static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Literal(bool value) => value ? "true" : "false";

    /// <summary>A TIMESTAMP literal in UTC with microseconds, independent of the session time zone.</summary>
    public static string Literal(DateTimeOffset value) =>
        "TIMESTAMP " + StringLiteral(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "Z");
}
