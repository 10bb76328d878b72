using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using Handoff.Shared.Input;
using Snappier;

namespace Handoff.Shared.Formats.Avro;

/// <summary>
/// The block compression of an Avro container file: "null", "deflate" (raw RFC 1951) or
/// "snappy" (raw snappy followed by the big-endian CRC-32 of the uncompressed bytes: IEEE
/// 802.3, zlib's, which System.IO.Hashing computes vectorised). Results
/// live in a buffer the codec reuses, valid until its next call.
/// </summary>
internal abstract class AvroBlockCodec
{
    /// <summary>
    /// The largest block, compressed or not, a reader holds. Writers cut blocks at tens of
    /// kilobytes to a few megabytes; a size far beyond that is a corrupt (or hostile) file, which
    /// would otherwise be allocated before it turned out short or wrong.
    /// </summary>
    public const int MaxBlockBytes = 256 * 1024 * 1024;

    public abstract string Name { get; }

    public abstract ArraySegment<byte> Compress(ArraySegment<byte> data);

    public abstract ArraySegment<byte> Decompress(ArraySegment<byte> data);

    public static AvroBlockCodec Create(string name, CompressionLevel level = CompressionLevel.Fastest) => name switch
    {
        "null" => new NullCodec(),
        "deflate" => new DeflateCodec(level),
        "snappy" => new SnappyCodec(),
        _ => throw new InputFormatException($"Avro codec '{name}' is not supported (expected null, deflate or snappy)"),
    };

    private static InputFormatException TooLarge() => new($"an Avro block decompresses to more than the {MaxBlockBytes / (1024 * 1024)} MiB this reader holds (corrupt file?)");

    private sealed class NullCodec : AvroBlockCodec
    {
        public override string Name => "null";

        public override ArraySegment<byte> Compress(ArraySegment<byte> data) => data;

        public override ArraySegment<byte> Decompress(ArraySegment<byte> data) => data;
    }

    private sealed class DeflateCodec(CompressionLevel level) : AvroBlockCodec
    {
        private readonly MemoryStream _buffer = new();

        public override string Name => "deflate";

        public override ArraySegment<byte> Compress(ArraySegment<byte> data)
        {
            _buffer.SetLength(0);
            using (var deflate = new DeflateStream(_buffer, level, leaveOpen: true))
            {
                deflate.Write(data);
            }

            return new ArraySegment<byte>(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        }

        public override ArraySegment<byte> Decompress(ArraySegment<byte> data)
        {
            _buffer.SetLength(0);
            using (var input = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false))
            using (var deflate = new DeflateStream(input, CompressionMode.Decompress))
            {
                try
                {
                    var chunk = new byte[81920];
                    int read;
                    while ((read = deflate.Read(chunk)) > 0)
                    {
                        if (_buffer.Length + read > MaxBlockBytes)
                        {
                            throw TooLarge();
                        }

                        _buffer.Write(chunk, 0, read);
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new InputFormatException($"an Avro block is not valid deflate data: {e.Message}", e);
                }
            }

            return new ArraySegment<byte>(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        }
    }

    private sealed class SnappyCodec : AvroBlockCodec
    {
        private byte[] _buffer = [];

        public override string Name => "snappy";

        public override ArraySegment<byte> Compress(ArraySegment<byte> data)
        {
            Ensure(Snappy.GetMaxCompressedLength(data.Count) + 4);
            var length = Snappy.Compress(data, _buffer);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(length), Crc32.HashToUInt32(data));
            return new ArraySegment<byte>(_buffer, 0, length + 4);
        }

        public override ArraySegment<byte> Decompress(ArraySegment<byte> data)
        {
            if (data.Count < 4)
            {
                throw new InputFormatException("an Avro snappy block is shorter than its checksum");
            }

            var compressed = data.AsSpan(0, data.Count - 4);
            int length;
            try
            {
                var uncompressed = Snappy.GetUncompressedLength(compressed);
                if (uncompressed > MaxBlockBytes)
                {
                    throw TooLarge();
                }

                Ensure(uncompressed);
                length = Snappy.Decompress(compressed, _buffer);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                throw new InputFormatException($"an Avro block is not valid snappy data: {e.Message}", e);
            }

            var expected = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(data.Count - 4));
            if (Crc32.HashToUInt32(_buffer.AsSpan(0, length)) != expected)
            {
                throw new InputFormatException("an Avro snappy block fails its CRC-32 check (corrupt data)");
            }

            return new ArraySegment<byte>(_buffer, 0, length);
        }

        private void Ensure(int size)
        {
            if (_buffer.Length < size)
            {
                _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
            }
        }
    }
}
