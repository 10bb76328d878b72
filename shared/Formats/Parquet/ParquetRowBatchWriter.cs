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
/// and the footer closes the file. Parquet.Net remains our reader; its writer spent about four
/// times as long per row (see docs/benchmarks.md). Files are checked with DuckDB and Parquet.Net
/// in the tests.
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
    private readonly EncodedColumnChunk[] _finished;
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
        _finished = new EncodedColumnChunk[_columns.Length];
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

        await StartAsync(cancellationToken);
        await _output.WriteAsync(_metadata.EncodeFooter(), cancellationToken);
        await _output.FlushAsync(cancellationToken);
        _completed = true;
    }

    public ValueTask DisposeAsync()
    {
        // An abandoned file is left without a footer: no reader mistakes it for a whole one.
        _completed = true;
        return ValueTask.CompletedTask;
    }

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        var start = _position;

        // Every column's last page is handed to the thread pool before the first chunk is awaited.
        foreach (var column in _columns)
        {
            column.ClosePage();
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            _finished[i] = await _columns[i].FinishAsync();
            await _output.WriteAsync(_finished[i].DictionaryPage, cancellationToken);
            foreach (var piece in _finished[i].DataPages)
            {
                await _output.WriteAsync(piece, cancellationToken);
            }

            _position += _finished[i].Length;
        }

        _metadata.AddRowGroup(start, _bufferedRows, _finished);
        foreach (var column in _columns)
        {
            column.Reset();
        }

        _bufferedRows = 0;
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
