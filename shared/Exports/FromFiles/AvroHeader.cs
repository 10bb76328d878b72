using Avro;
using Avro.File;
using Avro.Generic;
using Handoff.Shared.Formats;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>
/// The schema and codec an Avro container file declares in its header, read by Apache.Avro (a
/// reader we did not write) from the file's first bytes, and mapped by <see cref="AvroFileTypeMapping"/>.
/// </summary>
internal static class AvroHeader
{
    /// <summary>More than any header needs (a schema of thousands of columns); only the header is parsed.</summary>
    private const int MaxHeaderBytes = 4 * 1024 * 1024;

    public static async Task<(TableSchema Schema, string Codec)> ReadAsync(IObjectStore folder, StoredObject file, CancellationToken cancellationToken)
    {
        var head = await folder.ReadRangeAsync(file.Path, 0, (int)Math.Min(file.Size, MaxHeaderBytes), cancellationToken);
        try
        {
            using var bytes = new MemoryStream(head.ToArray(), writable: false);
            using var reader = DataFileReader<GenericRecord>.OpenReader(bytes, leaveOpen: false);
            var codec = reader.GetMetaString("avro.codec") is { Length: > 0 } name ? name : "null";
            if (!FormatSpec.Compressions(FileFormat.Avro).Contains(codec))
            {
                throw new InputDataException($"{file.Path} is compressed with the Avro codec '{codec}', which is not read here (null, deflate or snappy)");
            }

            return (AvroFileTypeMapping.ToSchema(reader.GetSchema()), codec);
        }
        catch (SchemaException error)
        {
            throw new InputDataException($"{file.Path}: {error.Message}", error);
        }
        catch (Exception error) when (error is AvroException or IOException or EndOfStreamException)
        {
            throw new InputDataException($"{file.Path} is not an Avro container file whose header can be read ({error.Message}); give a schema only if it is Avro at all", new NotAnAvroContainer(file.Path, error.Message), error);
        }
    }
}
