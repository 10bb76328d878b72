using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Handoff.Shared.Data;
using Handoff.Shared.Formats.TextOutput;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Decimals;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Avro;

/// <summary>
/// Writes an Avro object container file with our own binary encoder (no GenericRecord per row):
/// the header (schema from <see cref="AvroTypeMapping"/>, codec, sync marker), then blocks of
/// about <see cref="RowBatchWriterOptions.AvroBlockBytes"/> uncompressed bytes, each followed by
/// the sync marker.
/// </summary>
internal sealed class AvroRowBatchWriter : IRowBatchWriter
{
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private readonly TableSchema _schema;
    private readonly Stream _output;
    private readonly AvroBlockCodec _codec;
    private readonly string _schemaJson;
    private readonly int _blockBytes;
    private readonly byte[] _sync = RandomNumberGenerator.GetBytes(16);
    private readonly Utf8OutputBuffer _block = new();
    private readonly Utf8OutputBuffer _out = new();
    private readonly BatchColumns _columns;
    private long _blockRows;
    private bool _headerDone;
    private bool _completed;

    public AvroRowBatchWriter(TableSchema schema, string compression, Stream output, RowBatchWriterOptions options)
    {
        _schema = schema;
        _output = output;
        _schemaJson = AvroTypeMapping.ToSchemaJson(schema);
        _codec = AvroBlockCodec.Create(compression, options.CompressionLevel);
        _blockBytes = options.AvroBlockBytes;
        _columns = new BatchColumns(schema.Count);
    }

    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_completed, this);
        WriteHeaderOnce();
        _columns.Load(batch, takeUtf8: true);
        var row = 0;
        while (row < batch.Count)
        {
            row = WriteRows(row, batch.Count);
            if (_block.Length >= _blockBytes)
            {
                await WriteBlockAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Encodes rows from <paramref name="row"/> on until the block is full or the batch ends, and
    /// returns the next row. The loop lives outside the async method: there its locals would be
    /// fields of the state machine, read and written through memory for every value.
    /// </summary>
    private int WriteRows(int row, int end)
    {
        for (; row < end; row++)
        {
            var column = 0;
            try
            {
                for (; column < _columns.Count; column++)
                {
                    if (_columns.Utf8(column) is { } utf8)
                    {
                        WriteUtf8(_schema[column], utf8, row);
                    }
                    else
                    {
                        WriteValue(_schema[column], _columns.Array(column), row);
                    }
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or InputDataException)
            {
                throw new InputDataException($"column '{_schema[column].Name}', row {row} of the batch: {e.Message}", e);
            }

            _blockRows++;
            if (_block.Length >= _blockBytes)
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
        if (_blockRows > 0)
        {
            await WriteBlockAsync(cancellationToken);
        }

        await _out.DrainToAsync(_output, cancellationToken);
        await _output.FlushAsync(cancellationToken);
        _completed = true;
    }

    public ValueTask DisposeAsync()
    {
        _completed = true;
        return ValueTask.CompletedTask;
    }

    private void WriteHeaderOnce()
    {
        if (_headerDone)
        {
            return;
        }

        _out.Write("Obj\u0001"u8);
        WriteLong(_out, 2);
        WriteMetadata("avro.schema", Encoding.UTF8.GetBytes(_schemaJson));
        WriteMetadata("avro.codec", Encoding.UTF8.GetBytes(_codec.Name));
        WriteLong(_out, 0);
        _out.Write(_sync);
        _headerDone = true;
    }

    private void WriteMetadata(string key, byte[] value)
    {
        WriteLong(_out, Encoding.UTF8.GetByteCount(key));
        _out.WriteUtf16(key);
        WriteLong(_out, value.Length);
        _out.Write(value);
    }

    /// <summary>
    /// Writes the block: its row count and size, the data, the sync marker. The data goes to the
    /// output straight from the block buffer (compressed or not), not through a second buffer: an
    /// uncompressed export is as large as its data, and each copy of it costs.
    /// </summary>
    private async ValueTask WriteBlockAsync(CancellationToken cancellationToken)
    {
        var data = _codec.Compress(_block.Written);
        WriteLong(_out, _blockRows);
        WriteLong(_out, data.Count);
        await _out.DrainToAsync(_output, cancellationToken);
        await _output.WriteAsync(data, cancellationToken);
        _out.Write(_sync);
        _block.Clear();
        _blockRows = 0;
    }

    private void WriteValue(Column column, Array values, int row)
    {
        var type = column.Type;
        switch (type.Kind)
        {
            case LogicalKind.String:
                var text = ((string?[])values)[row];
                if (WriteUnionIndex(column, text is null))
                {
                    WriteString(text!);
                }

                break;
            case LogicalKind.Binary:
                var bytes = ((byte[]?[])values)[row];
                if (WriteUnionIndex(column, bytes is null))
                {
                    WriteLong(_block, bytes!.Length);
                    _block.Write(bytes);
                }

                break;
            case LogicalKind.Long:
                var l = ((long?[])values)[row];
                if (WriteUnionIndex(column, l is null))
                {
                    WriteLong(_block, l!.Value);
                }

                break;
            case LogicalKind.Integer:
                var i = ((int?[])values)[row];
                if (WriteUnionIndex(column, i is null))
                {
                    WriteLong(_block, i!.Value);
                }

                break;
            case LogicalKind.Short:
                var s = ((short?[])values)[row];
                if (WriteUnionIndex(column, s is null))
                {
                    WriteLong(_block, s!.Value);
                }

                break;
            case LogicalKind.Byte:
                var b = ((sbyte?[])values)[row];
                if (WriteUnionIndex(column, b is null))
                {
                    WriteLong(_block, b!.Value);
                }

                break;
            case LogicalKind.Double:
                var d = ((double?[])values)[row];
                if (WriteUnionIndex(column, d is null))
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(_block.GetSpan(8), d!.Value);
                    _block.Advance(8);
                }

                break;
            case LogicalKind.Float:
                var f = ((float?[])values)[row];
                if (WriteUnionIndex(column, f is null))
                {
                    BinaryPrimitives.WriteSingleLittleEndian(_block.GetSpan(4), f!.Value);
                    _block.Advance(4);
                }

                break;
            case LogicalKind.Boolean:
                var flag = ((bool?[])values)[row];
                if (WriteUnionIndex(column, flag is null))
                {
                    _block.WriteByte(flag!.Value ? (byte)1 : (byte)0);
                }

                break;
            case LogicalKind.Date:
                var date = ((DateOnly?[])values)[row];
                if (WriteUnionIndex(column, date is null))
                {
                    WriteLong(_block, date!.Value.DayNumber - UnixEpochDay);
                }

                break;
            case LogicalKind.Timestamp:
                var timestamp = ((DateTime?[])values)[row];
                if (WriteUnionIndex(column, timestamp is null))
                {
                    WriteLong(_block, FloorMicros(timestamp!.Value));
                }

                break;
            case LogicalKind.Decimal:
                var m = ((decimal?[])values)[row];
                if (WriteUnionIndex(column, m is null))
                {
                    WriteDecimal(m!.Value, type);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(column), type.Kind, "no Avro encoding for this kind");
        }
    }

    /// <summary>Writes the branch of ["null", T] for a nullable column; true when a value follows.</summary>
    private bool WriteUnionIndex(Column column, bool isNull)
    {
        if (!column.Nullable)
        {
            return isNull ? throw new InputDataException("the column is not nullable but the value is null") : true;
        }

        _block.WriteByte(isNull ? (byte)0 : (byte)2);
        return !isNull;
    }

    private void WriteUtf8(Column column, Utf8Column values, int row)
    {
        if (WriteUnionIndex(column, values.IsNull(row)))
        {
            var text = values.Value(row);
            WriteLong(_block, text.Length);
            _block.Write(text);
        }
    }

    private void WriteString(string text)
    {
        // The length prefix comes first, but the UTF-8 length is only known after encoding. When
        // every possible length (chars to 3 × chars) has a varint of the same size, reserve it.
        var shortest = AvroBinary.VarintLength(text.Length);
        var prefix = shortest == AvroBinary.VarintLength(3L * text.Length) ? shortest : 0;
        if (prefix == 0)
        {
            WriteLong(_block, Encoding.UTF8.GetByteCount(text));
            _block.WriteUtf16(text);
            return;
        }

        var start = _block.Length;
        _block.GetSpan(prefix);
        _block.Advance(prefix);
        _block.WriteUtf16(text);
        var length = _block.Length - start - prefix;
        AvroBinary.WriteLong(_block.WrittenSlice(start, prefix), length);
    }

    private void WriteDecimal(decimal value, LogicalType type)
    {
        if (!DecimalScaling.TryGetUnscaled(value, type.Precision, type.Scale, out var unscaled))
        {
            throw new InputDataException(string.Create(CultureInfo.InvariantCulture, $"{value} does not fit {type} without rounding"));
        }

        Span<byte> bytes = stackalloc byte[16];
        var length = BigEndianTwosComplement.Write(unscaled, bytes);
        WriteLong(_block, length);
        _block.Write(bytes[..length]);
    }

    private static void WriteLong(Utf8OutputBuffer buffer, long value)
    {
        var written = AvroBinary.WriteLong(buffer.GetSpan(AvroBinary.MaxVarintBytes), value);
        buffer.Advance(written);
    }

    private static long FloorMicros(DateTime value) => Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, 10, out var rest) - (rest < 0 ? 1 : 0);
}
