using System.Security.Cryptography;
using System.Text;
using Handoff.Shared.Data;
using Handoff.Shared.Formats.TextOutput;
using Handoff.Shared.Schema;
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
    /// <summary>Rows whose room in the block is reserved at once (see <see cref="WriteRows"/>).</summary>
    private const int RowsPerReservation = 256;

    /// <summary>
    /// The most room reserved for a run of more than one row: a bound counts 3 bytes per char of
    /// a .NET string, so long texts (a PostgreSQL source's documents) would otherwise reserve
    /// several times their size for every 256 rows. A single row gets the room its bound asks.
    /// </summary>
    private const long MaxReservationBytes = 1024 * 1024;

    private readonly Stream _output;
    private readonly AvroBlockCodec _codec;
    private readonly string _schemaJson;
    private readonly int _blockBytes;
    private readonly byte[] _sync = RandomNumberGenerator.GetBytes(16);
    private readonly Utf8OutputBuffer _block = new();
    private readonly Utf8OutputBuffer _out = new();
    private readonly AvroRowEncoder _encoder;
    private long _blockRows;
    private bool _headerDone;
    private bool _completed;

    public AvroRowBatchWriter(TableSchema schema, string compression, Stream output, RowBatchWriterOptions options)
    {
        _output = output;
        _schemaJson = AvroTypeMapping.ToSchemaJson(schema);
        _codec = AvroBlockCodec.Create(compression, options.CompressionLevel);
        _blockBytes = options.AvroBlockBytes;
        _encoder = new AvroRowEncoder(schema);
    }

    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_completed, this);
        WriteHeaderOnce();
        _encoder.Load(batch);
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
    /// returns the next row. Room for a run of rows is reserved once, at their encoded size's
    /// bound; runs are short, and shorter when their values are long, so that the room stays
    /// small. The loop lives outside the async method: there its locals would be fields of the
    /// state machine, read and written through memory for every value.
    /// </summary>
    private int WriteRows(int row, int end)
    {
        while (row < end)
        {
            var runEnd = Math.Min(end, row + RowsPerReservation);
            var bound = _encoder.Bound(row, runEnd);
            while (bound > MaxReservationBytes && runEnd - row > 1)
            {
                runEnd = row + ((runEnd - row) / 2);
                bound = _encoder.Bound(row, runEnd);
            }

            var space = _block.GetSpan(checked((int)bound));
            var room = _blockBytes - _block.Length;
            var written = 0;
            while (row < runEnd)
            {
                written += _encoder.Encode(row, space[written..]);
                row++;
                _blockRows++;
                if (written >= room)
                {
                    _block.Advance(written);
                    return row;
                }
            }

            _block.Advance(written);
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

    private static void WriteLong(Utf8OutputBuffer buffer, long value)
    {
        var written = AvroBinary.WriteLong(buffer.GetSpan(AvroBinary.MaxVarintBytes), value);
        buffer.Advance(written);
    }
}
