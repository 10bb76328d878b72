namespace Handoff.Exporter.Export;

/// <summary>When to start a new output file: after a number of rows, after a number of bytes, or never.</summary>
public sealed record SplitPolicy(long? MaxRowsPerFile, long? MaxBytesPerFile)
{
    public static SplitPolicy None { get; } = new(null, null);

    /// <summary>Rows the current file may still take before it is full by row count.</summary>
    public long RowsLeft(long rowsInFile) => MaxRowsPerFile is { } max ? max - rowsInFile : long.MaxValue;

    /// <summary>
    /// Whether a file is full. Sizes are checked after each batch, so a file split by bytes may
    /// exceed the limit by up to one encoded batch (or one Parquet row group).
    /// </summary>
    public bool IsFull(long rowsInFile, long bytesInFile) =>
        (MaxRowsPerFile is { } rows && rowsInFile >= rows) || (MaxBytesPerFile is { } bytes && bytesInFile >= bytes);
}
