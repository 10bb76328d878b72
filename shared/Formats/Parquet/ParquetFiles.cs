using System.Buffers.Binary;
using Handoff.Shared.Formats.Parquet.Thrift;
using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.Parquet;

/// <summary>Reads what a Parquet file's footer says without decoding any data page.</summary>
public static class ParquetFiles
{
    /// <summary>The largest footer we accept; real footers are kilobytes to a few megabytes.</summary>
    private const int MaxFooterBytes = 256 * 1024 * 1024;

    internal static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>The number of rows the footer records.</summary>
    public static async Task<long> ReadRowCountAsync(Stream seekableStream, CancellationToken cancellationToken) =>
        (await ReadFooterAsync(seekableStream, cancellationToken)).RowCount;

    /// <summary>Parses the footer of a Parquet file; throws <see cref="FormatException"/> if the stream is not one.</summary>
    public static async Task<ParquetFooter> ReadFooterAsync(Stream seekableStream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seekableStream);
        if (!seekableStream.CanSeek)
        {
            throw new ArgumentException("reading a Parquet footer needs a seekable stream", nameof(seekableStream));
        }

        var length = seekableStream.Length;
        if (length < 12)
        {
            throw new InputFormatException($"not a Parquet file: {length} bytes is too short (truncated?)");
        }

        var trailer = new byte[8];
        seekableStream.Seek(length - 8, SeekOrigin.Begin);
        await seekableStream.ReadExactlyAsync(trailer, cancellationToken);
        var metadataLength = CheckTail(trailer, length);

        var metadata = new byte[metadataLength];
        seekableStream.Seek(length - 8 - metadataLength, SeekOrigin.Begin);
        await seekableStream.ReadExactlyAsync(metadata, cancellationToken);
        return ParquetFooter.Parse(ThriftCompactReader.ReadStruct(metadata));
    }

    /// <summary>Checks the last 8 bytes (metadata length and "PAR1") of a file of <paramref name="fileLength"/> bytes and returns the metadata length.</summary>
    internal static int CheckTail(ReadOnlySpan<byte> tail, long fileLength)
    {
        if (tail.Length < 8 || !tail[^4..].SequenceEqual(Magic))
        {
            throw new InputFormatException("not a Parquet file: it does not end with PAR1 (truncated or another format?)");
        }

        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(tail[^8..^4]);
        if (metadataLength <= 0 || metadataLength > MaxFooterBytes || metadataLength > fileLength - 12)
        {
            throw new InputFormatException($"not a Parquet file: its footer length {metadataLength} does not fit a {fileLength}-byte file");
        }

        return metadataLength;
    }
}
