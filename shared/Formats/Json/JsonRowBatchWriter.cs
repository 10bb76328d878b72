using System.Text.Encodings.Web;
using System.Text.Json;
using Handoff.Shared.Data;
using Handoff.Shared.Formats.Text;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Json;

/// <summary>
/// Writes NDJSON: one object per line, keys in column order, nulls as null. Numbers and booleans
/// are JSON numbers and booleans (decimals with exactly their scale); NaN and the infinities,
/// which JSON numbers cannot hold, are the strings "NaN", "Infinity", "-Infinity"; dates,
/// timestamps and base64 binary are strings (see <see cref="TextValueMapping"/>).
/// </summary>
internal sealed class JsonRowBatchWriter : IRowBatchWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Non-ASCII text stays as UTF-8 (smaller, and what other engines write); quotes,
        // backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly TableSchema _schema;
    private readonly LogicalType[] _types;
    private readonly bool[] _nullable;
    private readonly CompressedOutput _output;
    private readonly Utf8OutputBuffer _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly JsonEncodedText[] _keys;
    private bool _completed;

    public JsonRowBatchWriter(TableSchema schema, CompressedOutput output)
    {
        _schema = schema;
        _types = schema.Select(c => c.Type).ToArray();
        _nullable = schema.Select(c => c.Nullable).ToArray();
        _output = output;
        _buffer = Utf8OutputBuffer.Over(output.Stream);
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
        _keys = schema.Select(c => JsonEncodedText.Encode(c.Name, WriterOptions.Encoder)).ToArray();
    }

    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_completed, this);
        var columns = batch.Columns;
        for (var row = 0; row < batch.Count; row++)
        {
            _json.WriteStartObject();
            var column = 0;
            try
            {
                for (; column < columns.Length; column++)
                {
                    _json.WritePropertyName(_keys[column]);
                    WriteValue(column, columns[column], row);
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or InvalidOperationException)
            {
                throw new InvalidDataException($"column '{_schema[column].Name}', row {row} of the batch: {e.Message}", e);
            }

            _json.WriteEndObject();
            _json.Flush();
            _json.Reset();
            _buffer.WriteByte((byte)'\n');
            if (_buffer.IsFull)
            {
                await _buffer.DrainToAsync(_output.Stream, cancellationToken);
            }
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        await _buffer.DrainToAsync(_output.Stream, cancellationToken);
        await _output.CompleteAsync(cancellationToken);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        await _json.DisposeAsync();
        await _output.DisposeAsync();
    }

    private void WriteNull(int index)
    {
        if (!_nullable[index])
        {
            throw new InvalidDataException("the column is not nullable but the value is null");
        }

        _json.WriteNullValue();
    }

    private void WriteValue(int index, Array column, int row)
    {
        var type = _types[index];
        switch (type.Kind)
        {
            case LogicalKind.String:
                if (((string?[])column)[row] is { } text)
                {
                    // Utf8JsonWriter would write a lone surrogate as a \uD800 escape, which no reader can decode.
                    if (Utf16Text.HasUnpairedSurrogate(text))
                    {
                        throw Utf16Text.UnpairedSurrogate(text);
                    }

                    _json.WriteStringValue(text);
                }
                else
                {
                    WriteNull(index);
                }

                return;
            case LogicalKind.Binary:
                if (((byte[]?[])column)[row] is { } bytes)
                {
                    _json.WriteBase64StringValue(bytes);
                }
                else
                {
                    WriteNull(index);
                }

                return;
        }

        Span<byte> formatted = stackalloc byte[TextValueMapping.MaxFormattedLength];
        var length = Utf8ValueFormatter.Format(type, column, row, formatted);
        if (length < 0)
        {
            WriteNull(index);
            return;
        }

        var utf8 = formatted[..length];
        switch (type.Kind)
        {
            case LogicalKind.Date:
            case LogicalKind.Timestamp:
                _json.WriteStringValue(utf8);
                break;
            case LogicalKind.Double:
            case LogicalKind.Float:
                // A finite number ends with a digit; NaN and ±Infinity do not.
                if (char.IsAsciiDigit((char)utf8[^1]))
                {
                    _json.WriteRawValue(utf8, skipInputValidation: true);
                }
                else
                {
                    _json.WriteStringValue(utf8);
                }

                break;
            default:
                _json.WriteRawValue(utf8, skipInputValidation: true);
                break;
        }
    }
}
