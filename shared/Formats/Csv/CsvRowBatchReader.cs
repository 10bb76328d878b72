using Handoff.Shared.Data;
using Handoff.Shared.Formats.Compression;
using Handoff.Shared.Formats.TextInput;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Csv;

/// <summary>
/// Reads CSV written in the given dialect into batches of the given schema. Errors name the line
/// (where the record starts) and the column. An empty unquoted field is null; in the
/// <see cref="CsvQuoteMode.All"/> and <see cref="CsvQuoteMode.None"/> modes, where the writer
/// cannot tell them apart, any empty field is null (or "" in a non-nullable string column).
/// String columns are filled as UTF-8 (<see cref="RowBatch.WriteUtf8"/>): a load converting CSV
/// to Parquet then makes no .NET string per value, and the Parquet encoder takes the bytes.
/// </summary>
internal sealed class CsvRowBatchReader : IRowBatchReader
{
    private readonly TableSchema _schema;
    private readonly CsvDialect _dialect;
    private readonly CompressedInput _input;
    private readonly Utf8CharReader _chars;
    private readonly CsvRecordParser _parser;
    /// <summary>Where each column of the batch being filled goes: a string column's <see cref="Utf8Column"/>, another's array; looked up at its first row.</summary>
    private readonly object[] _targets;
    private char[] _scratch = new char[256];
    private long _line = 1;
    private bool _headerDone;

    public CsvRowBatchReader(TableSchema schema, CsvDialect dialect, CompressedInput input)
    {
        _schema = schema;
        _dialect = dialect;
        _input = input;
        _chars = new Utf8CharReader(input.Stream);
        _parser = new CsvRecordParser(dialect);
        _targets = new object[schema.Count];
        _headerDone = !dialect.Options.Header;
    }

    public async Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Count = 0;
        while (ParseRecords(batch))
        {
            var held = _chars.End - _chars.Start;
            if (held > TextRecordLimit.MaxLength)
            {
                throw new InputFormatException($"line {_line}: no record ends within {TextRecordLimit.Described}: the file is not CSV in the manifest's dialect (delimiter, quote, LF or CRLF line endings), or a quote is never closed");
            }

            // As much again as the record holds so far, but not far past the limit.
            await _chars.FillAsync(Math.Min(held, TextRecordLimit.MaxLength + 1 - held), cancellationToken);
        }

        return batch.Count > 0;
    }

    /// <summary>
    /// Parses the records the characters read so far hold into the batch, until it is full or the
    /// input ends (false), or a record needs more input (true). The loop lives outside the async
    /// method: there its locals would be fields of the state machine, read through memory per record.
    /// </summary>
    private bool ParseRecords(RowBatch batch)
    {
        while (batch.Count < batch.Capacity)
        {
            var result = _parser.Parse(_chars.Chars, _chars.Start, _chars.End, _chars.Eof, _line, out var next);
            if (result == CsvParseResult.NeedMore)
            {
                return true;
            }

            if (result == CsvParseResult.End)
            {
                return false;
            }

            if (_headerDone)
            {
                Store(batch, batch.Count);
                batch.Count++;
            }
            else
            {
                CheckHeader();
                _headerDone = true;
            }

            _line += _chars.Chars.AsSpan(_chars.Start, next - _chars.Start).Count('\n');
            _chars.Start = next;
        }

        return false;
    }

    public ValueTask DisposeAsync() => _input.DisposeAsync();

    private void CheckHeader()
    {
        var fields = _parser.Fields;
        if (fields.Count != _schema.Count)
        {
            throw new InputFormatException($"line {_line}: the header has {fields.Count} fields, expected {_schema.Count} ({string.Join(", ", _schema.Select(c => c.Name))})");
        }

        for (var i = 0; i < fields.Count; i++)
        {
            var name = Text(fields[i]);
            if (!name.SequenceEqual(_schema[i].Name))
            {
                throw new InputFormatException($"line {_line}: header field {i + 1} is '{name}', expected '{_schema[i].Name}'");
            }
        }
    }

    private void Store(RowBatch batch, int row)
    {
        var fields = _parser.Fields;
        if (fields.Count != _schema.Count)
        {
            throw new InputFormatException($"line {_line}: expected {_schema.Count} fields, found {fields.Count}");
        }

        if (row == 0)
        {
            for (var c = 0; c < _targets.Length; c++)
            {
                _targets[c] = _schema[c].Type.Kind == LogicalKind.String ? batch.WriteUtf8(c) : batch.Column(c);
            }
        }

        for (var c = 0; c < fields.Count; c++)
        {
            var column = _schema[c];
            var field = fields[c];
            var text = Text(field);
            try
            {
                var empty = text.IsEmpty && (!field.Quoted || _dialect.Mode is CsvQuoteMode.All or CsvQuoteMode.None);
                if (_targets[c] is Utf8Column strings)
                {
                    StoreString(column, strings, row, text, empty);
                }
                else if (empty)
                {
                    StoreEmpty(column, (Array)_targets[c], row);
                }
                else
                {
                    StoreValue(column.Type, (Array)_targets[c], row, text);
                }
            }
            catch (FormatException e)
            {
                throw new InputFormatException($"line {_line}, column '{column.Name}': {e.Message}", e);
            }
        }
    }

    private static void StoreString(Column column, Utf8Column target, int row, ReadOnlySpan<char> text, bool empty)
    {
        if (empty && column.Nullable)
        {
            target.SetNull(row);
        }
        else
        {
            target.SetUtf16(row, text);
        }
    }

    private static void StoreEmpty(Column column, Array target, int row)
    {
        if (!column.Nullable)
        {
            throw new InputFormatException($"the field is empty but the column is a non-nullable {column.Type}");
        }

        // Every batch column array holds nullable elements, whose default is null.
        Array.Clear(target, row, 1);
    }

    private static void StoreValue(LogicalType type, Array target, int row, ReadOnlySpan<char> text)
    {
        switch (type.Kind)
        {
            case LogicalKind.Long:
                ((long?[])target)[row] = TextValueMapping.ParseLong(text);
                break;
            case LogicalKind.Integer:
                ((int?[])target)[row] = TextValueMapping.ParseInteger(text);
                break;
            case LogicalKind.Short:
                ((short?[])target)[row] = TextValueMapping.ParseShort(text);
                break;
            case LogicalKind.Byte:
                ((sbyte?[])target)[row] = TextValueMapping.ParseByte(text);
                break;
            case LogicalKind.Double:
                ((double?[])target)[row] = TextValueMapping.ParseDouble(text);
                break;
            case LogicalKind.Float:
                ((float?[])target)[row] = TextValueMapping.ParseFloat(text);
                break;
            case LogicalKind.Boolean:
                ((bool?[])target)[row] = TextValueMapping.ParseBoolean(text);
                break;
            case LogicalKind.Binary:
                ((byte[]?[])target)[row] = TextValueMapping.ParseBinary(text);
                break;
            case LogicalKind.Date:
                ((DateOnly?[])target)[row] = TextValueMapping.ParseDate(text);
                break;
            case LogicalKind.Timestamp:
                ((DateTime?[])target)[row] = TextValueMapping.ParseTimestamp(text);
                break;
            case LogicalKind.Decimal:
                ((decimal?[])target)[row] = TextValueMapping.ParseDecimal(text, type.Precision, type.Scale);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no CSV reader for this kind");
        }
    }

    /// <summary>The field's value with escapes resolved (into a scratch buffer when there are any).</summary>
    private ReadOnlySpan<char> Text(CsvField field)
    {
        var raw = _chars.Chars.AsSpan(field.Start, field.Length);
        if (!field.Escaped)
        {
            return raw;
        }

        if (_scratch.Length < raw.Length)
        {
            _scratch = new char[Math.Max(raw.Length, _scratch.Length * 2)];
        }

        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            var isEscape = field.Quoted
                ? c == _dialect.Escape && i + 1 < raw.Length && (raw[i + 1] == _dialect.Quote || raw[i + 1] == _dialect.Escape)
                : c == _dialect.Escape && i + 1 < raw.Length;
            if (isEscape)
            {
                i++;
                c = raw[i];
            }

            _scratch[length++] = c;
        }

        return _scratch.AsSpan(0, length);
    }
}
