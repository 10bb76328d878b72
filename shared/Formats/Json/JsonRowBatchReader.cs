using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Handoff.Shared.Data;
using Handoff.Shared.Formats.Compression;
using Handoff.Shared.Formats.TextInput;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Json;

/// <summary>
/// Reads NDJSON into batches of the given schema: every line is one object whose keys are
/// column names. An unknown or repeated key is an error; a missing key is null when the column
/// is nullable and an error otherwise. Blank lines are skipped. Values must have the JSON type
/// the writer uses (a number for a long, a string for a date, ...). String columns are filled
/// with the line's UTF-8 bytes (<see cref="RowBatch.WriteUtf8"/>), never as .NET strings: a load
/// converting NDJSON to Parquet copies them on as they are.
/// </summary>
internal sealed class JsonRowBatchReader : IRowBatchReader
{
    private readonly TableSchema _schema;
    private readonly CompressedInput _input;
    private readonly ByteLineReader _lines;
    private readonly byte[][] _keys;
    private readonly int[] _seen;
    private int _generation;
    private char[] _scratch = new char[128];

    public JsonRowBatchReader(TableSchema schema, CompressedInput input)
    {
        _schema = schema;
        _input = input;
        _lines = new ByteLineReader(input.Stream);
        _keys = schema.Select(c => Encoding.UTF8.GetBytes(c.Name)).ToArray();
        _seen = new int[schema.Count];
    }

    public async Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Count = 0;
        while (batch.Count < batch.Capacity && await _lines.ReadLineAsync(cancellationToken))
        {
            var line = _lines.Line;
            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (!Utf8.IsValid(line))
            {
                throw new InputFormatException($"line {_lines.LineNumber}: invalid UTF-8");
            }

            try
            {
                StoreObject(line, batch, batch.Count);
            }
            catch (JsonException e)
            {
                throw new InputFormatException($"line {_lines.LineNumber}: invalid JSON: {e.Message}", e);
            }

            batch.Count++;
        }

        return batch.Count > 0;
    }

    public ValueTask DisposeAsync() => _input.DisposeAsync();

    private void StoreObject(ReadOnlySpan<byte> line, RowBatch batch, int row)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InputFormatException($"line {_lines.LineNumber}: expected a JSON object");
        }

        _generation++;
        var expected = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = FindColumn(ref reader, expected);
            if (column < 0)
            {
                throw new InputFormatException($"line {_lines.LineNumber}: unknown key '{reader.GetString()}' (the columns are: {string.Join(", ", _schema.Select(c => c.Name))})");
            }

            if (_seen[column] == _generation)
            {
                throw new InputFormatException($"line {_lines.LineNumber}: key '{_schema[column].Name}' appears twice");
            }

            _seen[column] = _generation;
            reader.Read();
            try
            {
                if (_schema[column].Type.Kind == LogicalKind.String)
                {
                    StoreString(ref reader, _schema[column], batch.WriteUtf8(column), row);
                }
                else
                {
                    StoreValue(ref reader, _schema[column], batch.Column(column), row);
                }
            }
            catch (FormatException e)
            {
                throw new InputFormatException($"line {_lines.LineNumber}, column '{_schema[column].Name}': {e.Message}", e);
            }

            expected = column + 1;
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new InputFormatException($"line {_lines.LineNumber}: expected a key or the end of the object");
        }

        if (reader.Read())
        {
            throw new InputFormatException($"line {_lines.LineNumber}: more than one JSON value on the line");
        }

        for (var c = 0; c < _schema.Count; c++)
        {
            if (_seen[c] != _generation)
            {
                if (!_schema[c].Nullable)
                {
                    throw new InputFormatException($"line {_lines.LineNumber}: key '{_schema[c].Name}' is missing and the column is not nullable");
                }

                if (_schema[c].Type.Kind == LogicalKind.String)
                {
                    batch.WriteUtf8(c).SetNull(row);
                }
                else
                {
                    Array.Clear(batch.Column(c), row, 1);
                }
            }
        }
    }

    private int FindColumn(ref Utf8JsonReader reader, int expected)
    {
        // Our writer puts keys in column order, so the next column is nearly always the match.
        if (expected < _keys.Length && reader.ValueTextEquals(_keys[expected]))
        {
            return expected;
        }

        for (var c = 0; c < _keys.Length; c++)
        {
            if (reader.ValueTextEquals(_keys[c]))
            {
                return c;
            }
        }

        return -1;
    }

    private static void StoreString(ref Utf8JsonReader reader, Column column, Utf8Column target, int row)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (!column.Nullable)
            {
                throw new InputFormatException($"null in a non-nullable {column.Type} column");
            }

            target.SetNull(row);
        }
        else if (reader.TokenType != JsonTokenType.String)
        {
            throw NotA(ref reader, column.Type);
        }
        else if (reader.ValueIsEscaped)
        {
            target.SetUtf16(row, reader.GetString() ?? string.Empty);
        }
        else
        {
            // The line was checked to be UTF-8 as a whole, and a string's quotes are ASCII.
            target.Set(row, reader.ValueSpan);
        }
    }

    private void StoreValue(ref Utf8JsonReader reader, Column column, Array target, int row)
    {
        var type = column.Type;
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (!column.Nullable)
            {
                throw new InputFormatException($"null in a non-nullable {type} column");
            }

            Array.Clear(target, row, 1);
            return;
        }

        switch (type.Kind)
        {
            case LogicalKind.Long:
                ((long?[])target)[row] = Integer(ref reader, type, long.MinValue, long.MaxValue);
                break;
            case LogicalKind.Integer:
                ((int?[])target)[row] = (int)Integer(ref reader, type, int.MinValue, int.MaxValue);
                break;
            case LogicalKind.Short:
                ((short?[])target)[row] = (short)Integer(ref reader, type, short.MinValue, short.MaxValue);
                break;
            case LogicalKind.Byte:
                ((sbyte?[])target)[row] = (sbyte)Integer(ref reader, type, sbyte.MinValue, sbyte.MaxValue);
                break;
            case LogicalKind.Double:
                ((double?[])target)[row] = TextValueMapping.ParseDouble(FloatingText(ref reader, type));
                break;
            case LogicalKind.Float:
                ((float?[])target)[row] = TextValueMapping.ParseFloat(FloatingText(ref reader, type));
                break;
            case LogicalKind.Boolean:
                ((bool?[])target)[row] = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw NotA(ref reader, type),
                };
                break;
            case LogicalKind.Decimal:
                ((decimal?[])target)[row] = reader.TokenType == JsonTokenType.Number
                    ? TextValueMapping.ParseDecimal(RawText(ref reader), type.Precision, type.Scale)
                    : throw NotA(ref reader, type);
                break;
            case LogicalKind.Date:
                ((DateOnly?[])target)[row] = TextValueMapping.ParseDate(StringText(ref reader, type));
                break;
            case LogicalKind.Timestamp:
                ((DateTime?[])target)[row] = TextValueMapping.ParseTimestamp(StringText(ref reader, type));
                break;
            case LogicalKind.Binary:
                ((byte[]?[])target)[row] = reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var bytes)
                    ? bytes
                    : throw NotA(ref reader, type);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(column), type.Kind, "no JSON reader for this kind");
        }
    }

    private long Integer(ref Utf8JsonReader reader, LogicalType type, long min, long max) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= min && value <= max
            ? value
            : throw NotA(ref reader, type);

    /// <summary>A number's text, or the string "NaN", "Infinity" or "-Infinity" (JSON numbers cannot hold them).</summary>
    private ReadOnlySpan<char> FloatingText(ref Utf8JsonReader reader, LogicalType type)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return RawText(ref reader);
        }

        if (reader.TokenType == JsonTokenType.String && (reader.ValueTextEquals("NaN"u8) || reader.ValueTextEquals("Infinity"u8) || reader.ValueTextEquals("-Infinity"u8)))
        {
            return StringText(ref reader, type);
        }

        throw NotA(ref reader, type);
    }

    private ReadOnlySpan<char> StringText(ref Utf8JsonReader reader, LogicalType type)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw NotA(ref reader, type);
        }

        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (_scratch.Length < length)
        {
            _scratch = new char[Math.Max(length, _scratch.Length * 2)];
        }

        var written = reader.CopyString(_scratch);
        return _scratch.AsSpan(0, written);
    }

    private ReadOnlySpan<char> RawText(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (_scratch.Length < raw.Length)
        {
            _scratch = new char[Math.Max(raw.Length, _scratch.Length * 2)];
        }

        for (var i = 0; i < raw.Length; i++)
        {
            _scratch[i] = (char)raw[i];
        }

        return _scratch.AsSpan(0, raw.Length);
    }

    private static InputFormatException NotA(ref Utf8JsonReader reader, LogicalType type)
    {
        var shown = reader.TokenType switch
        {
            JsonTokenType.String => $"'{reader.GetString()}'",
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            _ => reader.TokenType.ToString(),
        };
        return new InputFormatException($"{shown} is not {TextValueMapping.WithArticle(type.ToString())}");
    }
}
