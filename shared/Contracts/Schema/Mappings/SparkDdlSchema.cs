using System.Globalization;
using System.Text;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>
/// Spark DDL → logical: reads a schema written as Spark's DDL-formatted column list, the form
/// <c>spark.read.schema("col0 INT, col1 DOUBLE")</c> takes (pyspark DataFrameReader.schema,
/// https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.DataFrameReader.schema.html).
/// Each column is <c>name type [NOT NULL] [COMMENT 'text']</c>; a name may be quoted in
/// backticks (a backtick inside doubled); a column without NOT NULL is nullable, as in Spark.
/// Type names and their aliases are Spark SQL's (apache/spark docs/sql-ref-datatypes.md):
/// BOOLEAN, TINYINT|BYTE, SMALLINT|SHORT, INT|INTEGER, BIGINT|LONG, FLOAT|REAL, DOUBLE,
/// DECIMAL|DEC|NUMERIC[(p[,s])] (DECIMAL alone is decimal(10,0)), DATE, TIMESTAMP, STRING,
/// BINARY. Types this project cannot carry (ARRAY, STRUCT, MAP, INTERVAL, TIMESTAMP_NTZ, VARCHAR,
/// ...) are refused by name rather than guessed.
/// </summary>
public static class SparkDdlSchema
{
    private const int DefaultDecimalPrecision = 10;

    public static TableSchema Parse(string ddl)
    {
        ArgumentNullException.ThrowIfNull(ddl);
        var reader = new Reader(ddl);
        var columns = new List<Column>();
        reader.SkipSpaces();
        if (reader.AtEnd)
        {
            throw new SchemaException("the schema is empty: give its columns as Spark DDL, for example \"id BIGINT NOT NULL, name STRING, amount DECIMAL(18,2)\"");
        }

        while (true)
        {
            columns.Add(ReadColumn(reader, columns.Count + 1));
            reader.SkipSpaces();
            if (reader.AtEnd)
            {
                break;
            }

            reader.Expect(',', "',' between columns");
        }

        return new TableSchema(columns);
    }

    private static Column ReadColumn(Reader reader, int position)
    {
        reader.SkipSpaces();
        var name = reader.Peek == '`' ? reader.ReadQuoted() : reader.ReadWord($"the name of column {position}");
        reader.SkipSpaces();
        if (reader.Peek == ':')
        {
            // "name: type" is the struct<...> field syntax, not a column list's.
            throw reader.Error($"write column '{name}' as \"{name} TYPE\", without ':'");
        }

        var type = ReadType(reader, name);
        var nullable = true;
        reader.SkipSpaces();
        if (reader.TryKeyword("NOT"))
        {
            reader.SkipSpaces();
            if (!reader.TryKeyword("NULL"))
            {
                throw reader.Error($"expected NULL after NOT for column '{name}'");
            }

            nullable = false;
            reader.SkipSpaces();
        }

        if (reader.TryKeyword("COMMENT"))
        {
            reader.SkipSpaces();
            reader.ReadString();
        }

        return new Column(name, type, nullable);
    }

    private static LogicalType ReadType(Reader reader, string column)
    {
        var word = reader.ReadWord($"the type of column '{column}'").ToUpperInvariant();
        if (reader.Peek is '<')
        {
            throw reader.Error($"column '{column}' is {word}<...>: nested types (ARRAY, STRUCT, MAP) are not supported");
        }

        var arguments = reader.Peek == '(' || reader.PeekAfterSpaces == '(' ? reader.ReadArguments(column) : [];
        switch (word)
        {
            case "DECIMAL" or "DEC" or "NUMERIC":
                return Decimal(reader, column, arguments);
            case var _ when arguments.Count > 0:
                throw reader.Error($"column '{column}': {word} takes no arguments");
        }

        return word switch
        {
            "BOOLEAN" => LogicalType.Boolean,
            "TINYINT" or "BYTE" => LogicalType.Byte,
            "SMALLINT" or "SHORT" => LogicalType.Short,
            "INT" or "INTEGER" => LogicalType.Integer,
            "BIGINT" or "LONG" => LogicalType.Long,
            "FLOAT" or "REAL" => LogicalType.Float,
            "DOUBLE" => LogicalType.Double,
            "DATE" => LogicalType.Date,
            "TIMESTAMP" or "TIMESTAMP_LTZ" => LogicalType.Timestamp,
            "STRING" => LogicalType.String,
            "BINARY" => LogicalType.Binary,
            _ => throw reader.Error($"column '{column}' has the type {word}, which is not supported (use one of: BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), DATE, TIMESTAMP, STRING, BINARY)"),
        };
    }

    private static LogicalType Decimal(Reader reader, string column, IReadOnlyList<int> arguments)
    {
        if (arguments.Count > 2)
        {
            throw reader.Error($"column '{column}': DECIMAL takes a precision and a scale, not {arguments.Count} numbers");
        }

        var precision = arguments.Count > 0 ? arguments[0] : DefaultDecimalPrecision;
        var scale = arguments.Count > 1 ? arguments[1] : 0;
        if (precision is < 1 or > LogicalType.MaxDecimalPrecision || scale > precision)
        {
            throw reader.Error(string.Create(CultureInfo.InvariantCulture, $"column '{column}': DECIMAL({precision},{scale}) is not a decimal Spark can hold (precision 1 to {LogicalType.MaxDecimalPrecision}, scale 0 to the precision)"));
        }

        return LogicalType.Decimal(precision, scale);
    }

    /// <summary>A cursor over the DDL text whose errors say where they are.</summary>
    private sealed class Reader(string text)
    {
        private int _position;

        public bool AtEnd => _position >= text.Length;

        public char Peek => AtEnd ? '\0' : text[_position];

        public char PeekAfterSpaces
        {
            get
            {
                var at = _position;
                while (at < text.Length && char.IsWhiteSpace(text[at]))
                {
                    at++;
                }

                return at < text.Length ? text[at] : '\0';
            }
        }

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        public void Expect(char c, string what)
        {
            if (Peek != c)
            {
                throw Error($"expected {what}");
            }

            _position++;
        }

        public string ReadWord(string what)
        {
            var start = _position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] == '_'))
            {
                _position++;
            }

            return _position > start ? text[start.._position] : throw Error($"expected {what}");
        }

        public bool TryKeyword(string keyword)
        {
            if (string.Compare(text, _position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return false;
            }

            var end = _position + keyword.Length;
            if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                return false;
            }

            _position = end;
            return true;
        }

        public string ReadQuoted()
        {
            var value = new StringBuilder();
            for (_position++; _position < text.Length; _position++)
            {
                if (text[_position] != '`')
                {
                    value.Append(text[_position]);
                    continue;
                }

                if (_position + 1 < text.Length && text[_position + 1] == '`')
                {
                    value.Append('`');
                    _position++;
                    continue;
                }

                _position++;
                return value.ToString();
            }

            throw Error("a backtick-quoted name is not closed");
        }

        /// <summary>A COMMENT's text: single or double quotes, with backslash escapes.</summary>
        public void ReadString()
        {
            var quote = Peek;
            if (quote is not ('\'' or '"'))
            {
                throw Error("expected a quoted COMMENT text");
            }

            for (_position++; _position < text.Length; _position++)
            {
                if (text[_position] == '\\')
                {
                    _position++;
                }
                else if (text[_position] == quote)
                {
                    _position++;
                    return;
                }
            }

            throw Error("a COMMENT text is not closed");
        }

        public List<int> ReadArguments(string column)
        {
            SkipSpaces();
            Expect('(', "'('");
            var numbers = new List<int>();
            while (true)
            {
                SkipSpaces();
                var digits = ReadWord($"a number in the type of column '{column}'");
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    throw Error($"'{digits}' is not a number (column '{column}')");
                }

                numbers.Add(number);
                SkipSpaces();
                if (Peek == ')')
                {
                    _position++;
                    return numbers;
                }

                Expect(',', $"',' or ')' in the type of column '{column}'");
            }
        }

        public SchemaException Error(string message) =>
            new(string.Create(CultureInfo.InvariantCulture, $"the schema \"{Shown()}\" cannot be read at character {_position + 1}: {message}"));

        private string Shown() => text.Length > 200 ? text[..200] + "..." : text;
    }
}
