using Avro.File;
using Handoff.Shared.Formats.Avro;

namespace Handoff.Tests.Support;

/// <summary>
/// The "snappy" codec for Apache.Avro's DataFileReader/DataFileWriter, which ship only null and
/// deflate. Register it once with <see cref="Register"/>.
/// </summary>
public sealed class AvroSnappyCodec : Codec
{
    private static int _registered;

    /// <summary>Makes Apache.Avro resolve "snappy" to this codec (idempotent).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            RegisterResolver(name => name == "snappy" ? new AvroSnappyCodec() : null);
        }
    }

    public override byte[] Compress(byte[] uncompressedData)
    {
        ArgumentNullException.ThrowIfNull(uncompressedData);
        return AvroBlockCodec.Create("snappy").Compress(uncompressedData).ToArray();
    }

    public override void Compress(MemoryStream inputStream, MemoryStream outputStream)
    {
        ArgumentNullException.ThrowIfNull(inputStream);
        ArgumentNullException.ThrowIfNull(outputStream);
        var compressed = AvroBlockCodec.Create("snappy").Compress(new ArraySegment<byte>(inputStream.GetBuffer(), 0, (int)inputStream.Length));
        outputStream.SetLength(0);
        outputStream.Write(compressed);
    }

    public override byte[] Decompress(byte[] compressedData, int length)
    {
        ArgumentNullException.ThrowIfNull(compressedData);
        return AvroBlockCodec.Create("snappy").Decompress(new ArraySegment<byte>(compressedData, 0, length)).ToArray();
    }

    public override string GetName() => "snappy";

    public override bool Equals(object? other) => other is AvroSnappyCodec;

    public override int GetHashCode() => GetName().GetHashCode(StringComparison.Ordinal);
}
