using System.Globalization;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>
/// Reads one file for its manifest entry. Parquet: the footer gives schema, rows and codec, then
/// one streamed pass gives the MD5. Avro without a given schema: the header gives schema and
/// codec. CSV, JSON and Avro: one streamed pass parses every row with the (given) schema (so a file that does not fit it is refused now, naming the row, rather than
/// half-way through a load) and hashes the same bytes. Nothing is held in memory whole.
/// </summary>
internal static class FileDescriber
{
    private const int BatchRows = 8192;

    public static Task<DescribedFile> DescribeAsync(IObjectStore folder, StoredObject file, FormatSpec format, TableSchema? schema, CancellationToken cancellationToken) =>
        (format.Type, schema) switch
        {
            (FileFormat.Parquet, _) => DescribeParquetAsync(folder, file, cancellationToken),
            (FileFormat.Avro, null) => DescribeAvroAsync(folder, file, format, cancellationToken),
            (_, null) => throw new ArgumentException("a schema is needed to read " + format.Type, nameof(schema)),
            _ => DescribeByReadingAsync(folder, file, format, schema, cancellationToken),
        };

    /// <summary>An Avro file without a given schema: its header's schema and codec (read by Apache.Avro), then every row read with that schema.</summary>
    private static async Task<DescribedFile> DescribeAvroAsync(IObjectStore folder, StoredObject file, FormatSpec format, CancellationToken cancellationToken)
    {
        var (schema, codec) = await AvroHeader.ReadAsync(folder, file, cancellationToken);
        var described = await DescribeByReadingAsync(folder, file, format, schema, cancellationToken);
        return described with { Schema = schema, Compression = codec };
    }

    private static async Task<DescribedFile> DescribeParquetAsync(IObjectStore folder, StoredObject file, CancellationToken cancellationToken)
    {
        await using var stream = await folder.OpenReadAsync(file.Path, cancellationToken);
        ParquetFileSummary summary;
        try
        {
            summary = await ParquetFileSummary.ReadAsync(stream, cancellationToken);
        }
        catch (Exception error) when (error is FormatException or SchemaException)
        {
            throw new InputDataException($"{file.Path}: {error.Message}", error);
        }

        stream.Position = 0;
        var md5 = await Md5ReadAheadStream.Md5Async(stream, cancellationToken);
        EnsureUnchanged(file, stream.Length);
        return new DescribedFile(file, summary.Rows, ManifestFile.Md5Checksum(md5), summary.Schema, summary.Compression);
    }

    private static async Task<DescribedFile> DescribeByReadingAsync(IObjectStore folder, StoredObject file, FormatSpec format, TableSchema schema, CancellationToken cancellationToken)
    {
        await using var stream = await folder.OpenReadAsync(file.Path, cancellationToken);
        await using var hashing = new Md5ReadAheadStream(stream);
        long rows = 0;
        try
        {
            await using var reader = RowBatchFormats.CreateReader(format, schema, hashing);
            var batch = new RowBatch(schema, BatchRows);
            while (await reader.ReadAsync(batch, cancellationToken))
            {
                rows += batch.Count;
            }
        }
        catch (Exception error) when (error is FormatException or InvalidDataException or InputDataException)
        {
            throw new InputDataException($"{file.Path} does not read as {FormatNames.ToText(format.Type)} with the schema given: {error.Message}", error);
        }

        var md5 = await hashing.FinishAsync(cancellationToken);
        EnsureUnchanged(file, hashing.BytesRead);
        return new DescribedFile(file, rows, ManifestFile.Md5Checksum(md5), null, null);
    }

    // A file still being written (or replaced) while we read it would get a manifest entry that
    // matches neither version; refuse it rather than describe bytes nobody will find again.
    private static void EnsureUnchanged(StoredObject file, long bytesRead)
    {
        if (bytesRead != file.Size)
        {
            throw new InputDataException(string.Create(CultureInfo.InvariantCulture, $"{file.Path} changed while it was read ({file.Size} bytes when listed, {bytesRead} read): is the sender still writing? Run again once it has finished (or require its .DONE, which waits for it)"), new ChangedWhileRead(file.Path, file.Size, bytesRead));
        }
    }
}
