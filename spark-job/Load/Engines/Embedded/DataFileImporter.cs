using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Job;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>
/// Brings one export file into the table folder as Parquet, under this load's own folder (see
/// <see cref="TableFileLayout"/>). A Parquet file already encoded the way our writer encodes the
/// manifest's schema, whose dates Spark reads as stored, is copied as it is (server-side within one Blob account); CSV, JSON, Avro
/// and foreign Parquet are parsed with the manifest's schema (never inferred) and streamed into a
/// new Parquet file. Every byte the import reads or copies through this process is hashed and
/// compared with the manifest's MD5 before the file can be committed; a server-side copy, whose
/// bytes never pass through here, is checked against the MD5 Blob Storage keeps for it.
/// </summary>
internal sealed class DataFileImporter(IObjectStore exportFolder, IObjectStore table, DeltaTable deltaTable, ExportManifest manifest, string loadId, IProgress<long>? rows = null)
{
    private const int BatchRows = 16_384;
    private static readonly FormatSpec TableFormat = new(FileFormat.Parquet, "snappy");
    private IReadOnlyList<ParquetFooterColumn>? _expectedLayout;

    public async Task<ImportedFile> ImportAsync(ManifestFile file, CancellationToken cancellationToken)
    {
        var copy = manifest.Format.Type == FileFormat.Parquet && await IsTableReadyAsync(file, cancellationToken);
        var target = TableFileLayout.TablePathOf(manifest, loadId, file.Path, converted: manifest.Format.Type != FileFormat.Parquet);
        FileChecksum checksum;
        if (copy)
        {
            var copied = await table.CopyFromAsync(exportFolder, file.Path, target, cancellationToken);
            rows?.Report(file.Rows);
            checksum = copied.ContentMd5 is { } md5
                ? new FileChecksum(ManifestFile.Md5Checksum(md5), copied.Md5Computed)
                : new FileChecksum(ManifestFile.Md5Checksum(await table.ComputeMd5Async(target, cancellationToken)), Recomputed: true);
        }
        else
        {
            checksum = await ConvertAsync(file, target, cancellationToken);
        }

        if (!string.Equals(checksum.Md5, file.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            await table.DeleteAsync(target, CancellationToken.None);
            throw new InputDataException($"file {file.Path}: checksum mismatch: the manifest says {file.Checksum}, the {(checksum.Recomputed ? "bytes read hash to" : "MD5 storage keeps is")} {checksum.Md5}; nothing was loaded");
        }

        return new ImportedFile(file.Path, await deltaTable.DescribeDataFileAsync(target, manifest.Schema, cancellationToken), copy, checksum);
    }

    private async Task<bool> IsTableReadyAsync(ManifestFile file, CancellationToken cancellationToken)
    {
        _expectedLayout ??= await ParquetLayout.ExpectedAsync(manifest.Schema, cancellationToken);
        var footer = await ExportColumnsCheck.ReadFooterAsync(exportFolder, file.Path, cancellationToken);
        return ParquetLayout.Problem(footer, _expectedLayout) is null && ParquetLayout.SparkReadsDatesAsStored(footer, manifest.Schema);
    }

    private async Task<FileChecksum> ConvertAsync(ManifestFile file, string target, CancellationToken cancellationToken)
    {
        // Text and Avro readers read front to back, so the conversion hashes what it parses; the
        // Parquet reader seeks, so a foreign Parquet file is hashed in a pass of its own.
        var sequential = manifest.Format.Type != FileFormat.Parquet;
        await using var stored = await exportFolder.OpenReadAsync(file.Path, cancellationToken);
        await using var input = sequential ? new Md5ReadAheadStream(stored) : null;
        await using var reader = RowBatchFormats.CreateReader(manifest.Format, manifest.Schema, input ?? stored);
        // The table's copy is new bytes that no checksum describes: the export's MD5 is of the
        // export's file, and Delta keeps none. Hashing it too cost a core-second per 600 MB.
        await using var upload = await table.StartUploadAsync(target, UploadChecksum.None, cancellationToken);
        await using (var writer = RowBatchFormats.CreateWriter(TableFormat, manifest.Schema, upload.Content))
        {
            // Parsing the text and encoding Parquet each take a core.
            await using var pump = new BatchPump(manifest.Schema, reader.ReadAsync, BatchRows, depth: 3, cancellationToken);
            try
            {
                await foreach (var batch in pump.ReadAllAsync(cancellationToken))
                {
                    await writer.WriteAsync(batch, cancellationToken);
                    rows?.Report(batch.Count);
                    pump.Return(batch);
                }

                await pump.CompletionAsync();
            }
            catch (FormatException error)
            {
                throw new InputFormatException($"{file.Path}: {error.Message}", error);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        // Bytes a reader did not need (trailing bytes) are hashed too.
        var md5 = input is not null ? await input.FinishAsync(cancellationToken) : await exportFolder.ComputeMd5Async(file.Path, cancellationToken);
        await upload.CommitAsync(cancellationToken);
        return new FileChecksum(ManifestFile.Md5Checksum(md5), Recomputed: true);
    }
}
