using System.IO.Compression;

namespace Handoff.Shared.Formats;

/// <summary>
/// Tuning of the writers that does not change what a reader sees, so it is not part of
/// <see cref="FormatSpec"/> or the manifest. The defaults keep a 20-column export well under
/// 400 MB of memory.
/// </summary>
public sealed record RowBatchWriterOptions
{
    public static RowBatchWriterOptions Default { get; } = new();

    /// <summary>Rows per Parquet row group (DuckDB and Spark read row groups in parallel).</summary>
    public int ParquetRowGroupRows { get; init; } = 64 * 1024;

    /// <summary>A row group is also cut when its encoded pages, before compression, reach about this many bytes of memory.</summary>
    public long ParquetRowGroupBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Uncompressed bytes per Avro block (the unit a reader can split on).</summary>
    public int AvroBlockBytes { get; init; } = 256 * 1024;

    /// <summary>The gzip level for CSV and JSON, and deflate for Avro.</summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ParquetRowGroupRows, 1, nameof(ParquetRowGroupRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(ParquetRowGroupBytes, 1, nameof(ParquetRowGroupBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(AvroBlockBytes, 1, nameof(AvroBlockBytes));
    }
}
