using System.Buffers;
using System.IO.Compression;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Snappier;
using ZstdSharp;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Compresses data pages with one of Parquet's codecs. The values match parquet.thrift's
/// CompressionCodec; snappy is the raw block format, gzip is RFC 1952, zstd is a single frame.
/// Pages are compressed on the thread pool, so a codec may be called from several threads at once.
/// </summary>
internal abstract class PageCodec
{
    public abstract int ThriftCodec { get; }

    /// <summary>Appends the compressed form of <paramref name="page"/> to <paramref name="output"/> and returns its length.</summary>
    public abstract int Compress(ReadOnlySpan<byte> page, ArrayBufferWriter<byte> output);

    public static PageCodec Create(string name) => name switch
    {
        "none" => new Uncompressed(),
        "snappy" => new SnappyCodec(),
        "gzip" => new GzipCodec(),
        "zstd" => new ZstdCodec(),
        _ => throw new InputArgumentException($"'{name}' is not a Parquet compression (expected one of: {string.Join(", ", FormatSpec.Compressions(FileFormat.Parquet))})", nameof(name)),
    };

    private sealed class Uncompressed : PageCodec
    {
        public override int ThriftCodec => Ids.CompressionCodec.Uncompressed;

        public override int Compress(ReadOnlySpan<byte> page, ArrayBufferWriter<byte> output)
        {
            output.Write(page);
            return page.Length;
        }
    }

    private sealed class SnappyCodec : PageCodec
    {
        public override int ThriftCodec => Ids.CompressionCodec.Snappy;

        public override int Compress(ReadOnlySpan<byte> page, ArrayBufferWriter<byte> output)
        {
            var length = Snappy.Compress(page, output.GetSpan(Snappy.GetMaxCompressedLength(page.Length)));
            output.Advance(length);
            return length;
        }
    }

    private sealed class GzipCodec : PageCodec
    {
        public override int ThriftCodec => Ids.CompressionCodec.Gzip;

        public override int Compress(ReadOnlySpan<byte> page, ArrayBufferWriter<byte> output)
        {
            var before = output.WrittenCount;
            using (var gzip = new GZipStream(new BufferWriterStream(output), CompressionLevel.Optimal))
            {
                gzip.Write(page);
            }

            return output.WrittenCount - before;
        }
    }

    private sealed class ZstdCodec : PageCodec
    {
        /// <summary>
        /// One compressor per thread: pages are compressed on the thread pool, and a compressor's
        /// context serves one page at a time.
        /// </summary>
        [ThreadStatic]
        private static Compressor? t_compressor;

        public override int ThriftCodec => Ids.CompressionCodec.Zstd;

        public override int Compress(ReadOnlySpan<byte> page, ArrayBufferWriter<byte> output)
        {
            // Level 3, zstd's own default and what Spark and Arrow use.
            t_compressor ??= new Compressor(3);
            var length = t_compressor.Wrap(page, output.GetSpan(Compressor.GetCompressBound(page.Length)));
            output.Advance(length);
            return length;
        }
    }

    /// <summary>A write-only stream over a buffer writer, for the compressors that only speak Stream.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> output) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
