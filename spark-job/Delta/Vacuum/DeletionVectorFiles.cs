using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// Where a deletion vector lives, so that vacuum keeps the files of live ones. From PROTOCOL.md
/// "Deletion Vector Descriptor Schema": storage type 'u' stores a path relative to the table as
/// an optional random prefix followed by a 20-character Z85 (ZeroMQ RFC 32) encoding of a UUID;
/// the file is <c>&lt;prefix&gt;/deletion_vector_&lt;uuid&gt;.bin</c>. Type 'i' is inline (no file);
/// type 'p' is an absolute path, which is never resolved against the table.
/// </summary>
public static class DeletionVectorFiles
{
    private const string Z85Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private const int EncodedUuidLength = 20;

    /// <summary>The object path, relative to the table, of a 'u' deletion vector; null for inline or absolute ones.</summary>
    public static string? RelativePath(DeletionVectorDescriptor descriptor, string table)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.StorageType != "u")
        {
            return null;
        }

        var text = descriptor.PathOrInlineDv;
        if (text.Length < EncodedUuidLength)
        {
            throw new DeltaException(DeltaErrorKind.CorruptLog, $"the Delta table {table} has a deletion vector whose relative path '{text}' is shorter than an encoded UUID");
        }

        var prefix = text[..^EncodedUuidLength];
        var uuid = DecodeUuid(text[^EncodedUuidLength..], table);
        var name = $"deletion_vector_{uuid:D}.bin";
        return prefix.Length == 0 ? name : $"{prefix}/{name}";
    }

    private static Guid DecodeUuid(string encoded, string table)
    {
        var bytes = new byte[16];
        for (var block = 0; block < 4; block++)
        {
            uint value = 0;
            for (var i = 0; i < 5; i++)
            {
                var digit = Z85Alphabet.IndexOf(encoded[(block * 5) + i], StringComparison.Ordinal);
                if (digit < 0)
                {
                    throw new DeltaException(DeltaErrorKind.CorruptLog, $"the Delta table {table} has a deletion vector path '{encoded}' that is not Z85");
                }

                value = unchecked((value * 85) + (uint)digit);
            }

            bytes[block * 4] = (byte)(value >> 24);
            bytes[(block * 4) + 1] = (byte)(value >> 16);
            bytes[(block * 4) + 2] = (byte)(value >> 8);
            bytes[(block * 4) + 3] = (byte)value;
        }

        return new Guid(bytes, bigEndian: true);
    }
}
