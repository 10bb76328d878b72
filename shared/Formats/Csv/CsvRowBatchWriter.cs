using System.Buffers.Text;
using Handoff.Shared.Data;
using Handoff.Shared.Formats.Compression;
using Handoff.Shared.Formats.TextOutput;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Csv;

/// <summary>
/// Writes CSV in the given dialect as UTF-8 without a BOM. A null is an empty unquoted field
/// (an empty quoted field in <see cref="CsvQuoteMode.All"/>); an empty string is quoted in
/// <see cref="CsvQuoteMode.Needed"/> so it stays distinct from null.
/// </summary>
internal sealed class CsvRowBatchWriter : IRowBatchWriter
{
    private readonly TableSchema _schema;
    private readonly LogicalType[] _types;
    private readonly bool[] _nullable;
    private readonly CsvDialect _dialect;
    private readonly CompressedOutput _output;
    private readonly Utf8OutputBuffer _buffer;
    private readonly bool _valuesMayNeedQuoting;
    private readonly CsvTextWriter _text;
    private readonly BatchColumns _columns;

    /// <summary>Per column of the current batch: UTF-8 values none of which holds a character the dialect must quote or escape.</summary>
    private readonly bool[] _plainUtf8;
    private bool _headerDone;
    private bool _completed;

    public CsvRowBatchWriter(TableSchema schema, CsvDialect dialect, CompressedOutput output)
    {
        _schema = schema;
        _types = schema.Select(c => c.Type).ToArray();
        _nullable = schema.Select(c => c.Nullable).ToArray();
        _dialect = dialect;
        _output = output;
        _buffer = Utf8OutputBuffer.Over(output.Stream);
        _text = new CsvTextWriter(dialect, _buffer);
        _headerDone = !dialect.Options.Header;
        _columns = new BatchColumns(schema.Count);
        _plainUtf8 = new bool[schema.Count];

        // Formatted numbers, dates and base64 use only these characters; a dialect that uses
        // one of them must inspect every value, not just strings.
        _valuesMayNeedQuoting = MayAppearInValues(dialect.Delimiter) || MayAppearInValues(dialect.Quote) || MayAppearInValues(dialect.Escape);
    }

    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_completed, this);
        WriteHeaderOnce();

        // UTF-8 values are scanned as bytes, which works when every special character is ASCII.
        _columns.Load(batch, takeUtf8: _dialect.NeedsQuotingUtf8 is not null);

        // One scan of a column's bytes usually shows that none of its values needs quoting or escaping.
        var special = _dialect.Mode is CsvQuoteMode.All or CsvQuoteMode.NonNull ? _dialect.InsideQuotesUtf8 : _dialect.NeedsQuotingUtf8;
        for (var c = 0; c < _columns.Count; c++)
        {
            _plainUtf8[c] = _columns.Utf8(c) is { } utf8 && utf8.AllValues.IndexOfAny(special!) < 0;
        }

        await _buffer.WriteRowsAsync(batch.Count, WriteRows, _output.Stream, cancellationToken);
    }

    /// <summary>Writes rows from <paramref name="row"/> on until the buffer is full or the batch ends; returns the next row.</summary>
    private int WriteRows(int row, int end)
    {
        for (; row < end; row++)
        {
            var column = 0;
            try
            {
                for (; column < _columns.Count; column++)
                {
                    if (column > 0)
                    {
                        _buffer.Write(_dialect.DelimiterUtf8);
                    }

                    WriteCell(column, row);
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or InputDataException)
            {
                throw new InputDataException($"column '{_schema[column].Name}', row {row} of the batch: {e.Message}", e);
            }

            _buffer.Write(_dialect.LineEndingUtf8);
            if (_buffer.IsFull)
            {
                return row + 1;
            }
        }

        return row;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        WriteHeaderOnce();
        await _buffer.DrainToAsync(_output.Stream, cancellationToken);
        await _output.CompleteAsync(cancellationToken);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        await _output.DisposeAsync();
    }

    private void WriteHeaderOnce()
    {
        if (_headerDone)
        {
            return;
        }

        for (var column = 0; column < _schema.Count; column++)
        {
            if (column > 0)
            {
                _buffer.Write(_dialect.DelimiterUtf8);
            }

            _text.Write(_schema[column].Name);
        }

        _buffer.Write(_dialect.LineEndingUtf8);
        _headerDone = true;
    }

    private void WriteCell(int index, int row)
    {
        if (_columns.Utf8(index) is { } utf8)
        {
            if (utf8.IsNull(row))
            {
                WriteNull(index);
            }
            else if (_plainUtf8[index])
            {
                _text.WritePlain(utf8.Value(row));
            }
            else
            {
                _text.Write(utf8.Value(row));
            }

            return;
        }

        var column = _columns.Array(index);
        var type = _types[index];
        switch (type.Kind)
        {
            case LogicalKind.String:
                if (((string?[])column)[row] is { } text)
                {
                    _text.Write(text);
                }
                else
                {
                    WriteNull(index);
                }

                return;
            case LogicalKind.Binary:
                if (((byte[]?[])column)[row] is not { } bytes)
                {
                    WriteNull(index);
                }
                else if (_valuesMayNeedQuoting || (bytes.Length == 0 && _dialect.Mode == CsvQuoteMode.Needed))
                {
                    _text.Write(Convert.ToBase64String(bytes));
                }
                else
                {
                    WriteBase64(bytes);
                }

                return;
        }

        if (_valuesMayNeedQuoting)
        {
            WriteValueAsText(index, column, row);
            return;
        }

        // Values need no quoting here, so they are formatted straight into the output buffer.
        var quoted = _dialect.Mode is CsvQuoteMode.All or CsvQuoteMode.NonNull;
        var quote = _dialect.QuoteUtf8;
        var span = _buffer.GetSpan(TextValueMapping.MaxFormattedLength + (2 * quote.Length));
        var start = quoted ? quote.Length : 0;
        var length = Utf8ValueFormatter.Format(type, column, row, span[start..]);
        if (length < 0)
        {
            WriteNull(index);
            return;
        }

        if (quoted)
        {
            quote.CopyTo(span);
            quote.CopyTo(span[(start + length)..]);
            length += 2 * quote.Length;
        }

        _buffer.Advance(length);
    }

    private void WriteValueAsText(int index, Array column, int row)
    {
        Span<byte> formatted = stackalloc byte[TextValueMapping.MaxFormattedLength];
        var length = Utf8ValueFormatter.Format(_types[index], column, row, formatted);
        if (length < 0)
        {
            WriteNull(index);
            return;
        }

        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)formatted[i];
        }

        _text.Write(chars);
    }

    private void WriteBase64(byte[] bytes)
    {
        var quoted = _dialect.Mode is CsvQuoteMode.All or CsvQuoteMode.NonNull;
        if (quoted)
        {
            _buffer.Write(_dialect.QuoteUtf8);
        }

        var span = _buffer.GetSpan(Base64.GetMaxEncodedToUtf8Length(bytes.Length));
        Base64.EncodeToUtf8(bytes, span, out _, out var written);
        _buffer.Advance(written);
        if (quoted)
        {
            _buffer.Write(_dialect.QuoteUtf8);
        }
    }

    private void WriteNull(int index)
    {
        if (!_nullable[index])
        {
            throw new InputDataException("the column is not nullable but the value is null");
        }

        if (_dialect.Mode == CsvQuoteMode.All)
        {
            _buffer.Write(_dialect.QuoteUtf8);
            _buffer.Write(_dialect.QuoteUtf8);
        }
    }

    private static bool MayAppearInValues(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '/' or ':' or '=';
}
