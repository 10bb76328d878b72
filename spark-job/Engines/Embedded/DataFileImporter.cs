using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>
/// Brings one export file into the table folder as Parquet. A Parquet file already encoded the
/// way our writer encodes the manifest's schema is copied as it is (server-side within one Blob
/// account); CSV, JSON, Avro and foreign Parquet are parsed with the manifest's schema (never
/// inferred) and streamed into a new Parquet file. Files go under <c>&lt;exportId&gt;/</c> in the
/// table, named after the export file, so a re-run after a failure overwrites its own orphans;
/// the engine refuses to append an export that is already live in the table.
/// </summary>
internal sealed class DataFileImporter(IObjectStore exportFolder, IObjectStore table, DeltaTable deltaTable, ExportManifest manifest)
{
    private const int BatchRows = 16_384;
    private static readonly FormatSpec TableFormat = new(FileFormat.Parquet, "snappy");
    private IReadOnlyList<ParquetFooterColumn>? _expectedLayout;

    public async Task<ImportedFile> ImportAsync(ManifestFile file, CancellationToken cancellationToken)
    {
        var copy = manifest.Format.Type == FileFormat.Parquet && await IsTableReadyAsync(file, cancellationToken);
        var target = $"{manifest.ExportId}/{file.Path}{(copy || manifest.Format.Type == FileFormat.Parquet ? string.Empty : ".parquet")}";
        if (copy)
        {
            await table.CopyFromAsync(exportFolder, file.Path, target, cancellationToken);
        }
        else
        {
            await ConvertAsync(file, target, cancellationToken);
        }

        return new ImportedFile(await deltaTable.DescribeDataFileAsync(target, manifest.Schema, cancellationToken), copy);
    }

    private async Task<bool> IsTableReadyAsync(ManifestFile file, CancellationToken cancellationToken)
    {
        _expectedLayout ??= await ParquetLayout.ExpectedAsync(manifest.Schema, cancellationToken);
        var footer = await ReadFooterAsync(exportFolder, file.Path, cancellationToken);
        return ParquetLayout.Problem(footer, _expectedLayout) is null;
    }

    private async Task ConvertAsync(ManifestFile file, string target, CancellationToken cancellationToken)
    {
        await using var input = await exportFolder.OpenReadAsync(file.Path, cancellationToken);
        await using var reader = RowBatchFormats.CreateReader(manifest.Format, manifest.Schema, input);
        await using var upload = await table.StartUploadAsync(target, cancellationToken);
        await using (var writer = RowBatchFormats.CreateWriter(TableFormat, manifest.Schema, upload.Content))
        {
            // Parsing the text and encoding Parquet each take a core.
            await using var pump = new BatchPump(manifest.Schema, reader.ReadAsync, BatchRows, depth: 3, cancellationToken);
            try
            {
                await foreach (var batch in pump.ReadAllAsync(cancellationToken))
                {
                    await writer.WriteAsync(batch, cancellationToken);
                    pump.Return(batch);
                }

                await pump.CompletionAsync();
            }
            catch (FormatException error)
            {
                throw new FormatException($"{file.Path}: {error.Message}", error);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await upload.CommitAsync(cancellationToken);
    }

    private static async Task<ParquetFooter> ReadFooterAsync(IObjectStore store, string path, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        try
        {
            return await ParquetFiles.ReadFooterAsync(stream, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException and not StorageException)
        {
            throw new InvalidDataException($"{path} is not a readable Parquet file: {error.Message}", error);
        }
    }
}
