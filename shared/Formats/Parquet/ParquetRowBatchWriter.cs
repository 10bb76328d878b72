using Handoff.Shared.Data;
using Handoff.Shared.Formats.Parquet.Writing;
using Handoff.Shared.Schema;
using Parquet;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet;

/// <summary>
/// Writes a Parquet file through Parquet.Net, one row group per
/// <see cref="RowBatchWriterOptions.ParquetRowGroupRows"/> rows (or fewer when the buffered values
/// reach <see cref="RowBatchWriterOptions.ParquetRowGroupBytes"/>), then patches the footer (see
/// <see cref="FooterPatch"/>) on its way to the output.
/// </summary>
internal sealed class ParquetRowBatchWriter : IRowBatchWriter
{
    /// <summary>Rows copied between checks of the memory budget.</summary>
    private const int AppendSlice = 8192;

    /// <summary>Free buffers Parquet.Net may keep pooled between row groups; its default keeps far more than a streaming writer reuses.</summary>
    private const int PoolFreeBytes = 16 * 1024 * 1024;

    private readonly TableSchema _schema;
    private readonly FooterCaptureStream _output;
    private readonly ParquetSchema _parquetSchema;
    private readonly ColumnBuffer[] _columns;
    private readonly ParquetOptions _parquetOptions;
    private readonly int _rowGroupRows;
    private readonly long _rowGroupBytes;
    private readonly List<StatisticsOverride?[]> _statistics = [];
    private ParquetWriter? _writer;
    private int _bufferedRows;
    private bool _completed;

    public ParquetRowBatchWriter(TableSchema schema, string compression, Stream output, RowBatchWriterOptions options)
    {
        _schema = schema;
        _output = new FooterCaptureStream(output);
        _columns = schema.Select(ColumnBuffers.Create).ToArray();
        _parquetSchema = new ParquetSchema(_columns.Select(c => (Field)c.Field));
        // Parquet.Net defaults to SmallestSize, which makes zstd and gzip very slow; Optimal is
        // what other writers use (zstd level 3, gzip level 6).
        _parquetOptions = new ParquetOptions { CompressionMethod = Compression(compression), CompressionLevel = System.IO.Compression.CompressionLevel.Optimal, MaximumLargePoolFreeBytes = PoolFreeBytes, MaximumSmallPoolFreeBytes = PoolFreeBytes };
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
                _columns[i].Append(batch.Columns[i], offset, take);
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

        var writer = await OpenAsync(cancellationToken);
        _output.StartCapture();
        _writer = null;
        await writer.DisposeAsync();
        var footer = FooterPatch.Apply(_output.Captured, _schema, _statistics);
        await _output.Output.WriteAsync(footer, cancellationToken);
        await _output.Output.FlushAsync(cancellationToken);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            // An abandoned file: let Parquet.Net finish into the capture buffer, not the output.
            _output.StartCapture();
            await _writer.DisposeAsync();
            _writer = null;
        }

        _completed = true;
    }

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        var writer = await OpenAsync(cancellationToken);
        using (var rowGroup = writer.CreateRowGroup())
        {
            foreach (var column in _columns)
            {
                await column.WriteAsync(rowGroup, cancellationToken);
            }

            rowGroup.CompleteValidate();
        }

        _statistics.Add(_columns.Select(c => c.TakeStatistics()).ToArray());
        foreach (var column in _columns)
        {
            column.Clear();
        }

        _bufferedRows = 0;
    }

    private async ValueTask<ParquetWriter> OpenAsync(CancellationToken cancellationToken) =>
        _writer ??= await ParquetWriter.CreateAsync(_parquetSchema, _output, _parquetOptions, append: false, cancellationToken);

    private long BufferedBytes()
    {
        long total = 0;
        foreach (var column in _columns)
        {
            total += column.EstimatedBytes;
        }

        return total;
    }

    private static CompressionMethod Compression(string name) => name switch
    {
        "snappy" => CompressionMethod.Snappy,
        "gzip" => CompressionMethod.Gzip,
        "zstd" => CompressionMethod.Zstd,
        "none" => CompressionMethod.None,
        _ => throw new ArgumentException($"'{name}' is not a Parquet compression (expected one of: {string.Join(", ", FormatSpec.Compressions(FileFormat.Parquet))})", nameof(name)),
    };
}
