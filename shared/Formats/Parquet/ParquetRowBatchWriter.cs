using Handoff.Shared.Data;
using Handoff.Shared.Formats.Parquet.Writing;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats.Parquet;

/// <summary>
/// Writes a Parquet file following the format specification directly: each column is encoded
/// (PLAIN values, RLE definition levels, v1 data pages compressed with the chosen codec on the
/// thread pool) as the batches arrive, a row group is emitted every
/// <see cref="RowBatchWriterOptions.ParquetRowGroupRows"/> rows or when its pages before
/// compression reach <see cref="RowBatchWriterOptions.ParquetRowGroupBytes"/>,
/// and the footer closes the file. A row group is written to the output on the thread pool while
/// the next one is encoded (at most one is in flight): the encoder's thread, an export's
/// bottleneck, no longer waits for the last compressions and for the output to take the bytes.
/// Parquet.Net remains our reader; its writer, and ParquetSharp's, spent more time per row (see
/// docs/benchmarks.md). Files are checked with DuckDB, Parquet.Net and ParquetSharp in the tests.
/// </summary>
internal sealed class ParquetRowBatchWriter : IRowBatchWriter
{
    /// <summary>A page closes when its values reach this size; 1 MB is the common default of Parquet writers.</summary>
    private const int PageBytes = 256 * 1024;

    /// <summary>Rows encoded between checks of the row group's size.</summary>
    private const int AppendSlice = 8192;

    private readonly Stream _output;
    private readonly ColumnChunkEncoder[] _columns;
    private readonly ParquetFileMetadata _metadata;
    private readonly int _rowGroupRows;
    private readonly long _rowGroupBytes;
    private Task _rowGroupInFlight = Task.CompletedTask;
    private long _position;
    private int _bufferedRows;
    private bool _completed;

    public ParquetRowBatchWriter(TableSchema schema, string compression, Stream output, RowBatchWriterOptions options)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the Parquet writer encodes values in the machine's byte order, which must be little-endian");
        }

        _output = output;
        var codec = PageCodec.Create(compression);
        var scratch = new PageScratch();
        _columns = schema.Select(c => ColumnChunkEncoders.Create(c, codec, scratch, PageBytes)).ToArray();
        _metadata = new ParquetFileMetadata(schema);
        _rowGroupRows = options.ParquetRowGroupRows;
        _rowGroupBytes = options.ParquetRowGroupBytes;
    }

    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_completed, this);
        var offset = 0;
        while (offset < batch.Count)
        {
            var take = Math.Min(Math.Min(batch.Count - offset, _rowGroupRows - _bufferedRows), AppendSlice);
            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i].Append(batch, i, offset, take);
            }

            _bufferedRows += take;
            offset += take;
            if (_bufferedRows >= _rowGroupRows || BufferedBytes() >= _rowGroupBytes)
            {
                await FlushRowGroupAsync(cancellationToken);
            }
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_bufferedRows > 0)
        {
            await FlushRowGroupAsync(cancellationToken);
        }

        await _rowGroupInFlight;
        await StartAsync(cancellationToken);
        await _output.WriteAsync(_metadata.EncodeFooter(), cancellationToken);
        await _output.FlushAsync(cancellationToken);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        // An abandoned file is left without a footer: no reader mistakes it for a whole one. A row
        // group still being written is waited for, so nothing writes to the output afterwards.
        _completed = true;
        try
        {
            await _rowGroupInFlight;
        }
        catch (Exception)
        {
            // The file is abandoned; the failure that abandoned it is the one to report.
        }
    }

    /// <summary>
    /// Hands the row group's chunks to a task that writes them once their pages are compressed,
    /// after the previous row group, and starts the next row group at once.
    /// </summary>
    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        // Every column's last page goes to the thread pool before any chunk is waited for.
        foreach (var column in _columns)
        {
            column.ClosePage();
        }

        var chunks = new PendingColumnChunk[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            chunks[i] = _columns[i].Detach();
        }

        var rows = _bufferedRows;
        _bufferedRows = 0;
        await _rowGroupInFlight;
        _rowGroupInFlight = Task.Run(() => WriteRowGroupAsync(chunks, rows, cancellationToken), cancellationToken);
    }

    private async Task WriteRowGroupAsync(PendingColumnChunk[] chunks, int rows, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        var start = _position;
        var finished = new EncodedColumnChunk[chunks.Length];
        for (var i = 0; i < chunks.Length; i++)
        {
            finished[i] = await chunks[i].CompleteAsync();
            foreach (var piece in finished[i].Pieces)
            {
                await _output.WriteAsync(piece, cancellationToken);
            }

            _position += finished[i].Length;
            chunks[i].Release();
        }

        _metadata.AddRowGroup(start, rows, finished);
    }

    /// <summary>Writes the leading magic once, before the first row group or the footer.</summary>
    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (_position == 0)
        {
            await _output.WriteAsync(ParquetFiles.Magic.ToArray(), cancellationToken);
            _position = ParquetFiles.Magic.Length;
        }
    }

    private long BufferedBytes()
    {
        long total = 0;
        foreach (var column in _columns)
        {
            total += column.BufferedBytes;
        }

        return total;
    }
}
