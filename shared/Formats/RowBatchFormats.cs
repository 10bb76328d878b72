using Handoff.Shared.Formats.Avro;
using Handoff.Shared.Formats.Compression;
using Handoff.Shared.Formats.Csv;
using Handoff.Shared.Formats.Json;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats;

/// <summary>The writers and readers of the four file formats, chosen by a <see cref="FormatSpec"/>.</summary>
public static class RowBatchFormats
{
    /// <summary>
    /// An encoder that writes one file to <paramref name="output"/>, which need not be seekable.
    /// Nothing is written before the first batch or <see cref="IRowBatchWriter.CompleteAsync"/>.
    /// </summary>
    public static IRowBatchWriter CreateWriter(FormatSpec spec, TableSchema schema, Stream output, RowBatchWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(output);
        options ??= RowBatchWriterOptions.Default;
        options.Validate();
        CheckCompression(spec);
        return spec.Type switch
        {
            FileFormat.Parquet => new ParquetRowBatchWriter(schema, spec.Compression, output, options),
            FileFormat.Avro => new AvroRowBatchWriter(schema, spec.Compression, output, options),
            FileFormat.Csv => new CsvRowBatchWriter(schema, CsvDialect.From(spec.Csv), Compressed.Writing(output, spec.Compression, options.CompressionLevel)),
            FileFormat.Json => new JsonRowBatchWriter(schema, Compressed.Writing(output, spec.Compression, options.CompressionLevel)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "unknown file format"),
        };
    }

    /// <summary>A decoder of one file that parses it with <paramref name="schema"/> (never inferred). The input stays open.</summary>
    public static IRowBatchReader CreateReader(FormatSpec spec, TableSchema schema, Stream input)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(input);
        CheckCompression(spec);
        return spec.Type switch
        {
            FileFormat.Parquet => new ParquetRowBatchReader(schema, input),
            FileFormat.Avro => new AvroRowBatchReader(schema, input),
            FileFormat.Csv => new CsvRowBatchReader(schema, CsvDialect.From(spec.Csv), Compressed.Reading(input, spec.Compression)),
            FileFormat.Json => new JsonRowBatchReader(schema, Compressed.Reading(input, spec.Compression)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "unknown file format"),
        };
    }

    private static void CheckCompression(FormatSpec spec)
    {
        if (!FormatSpec.Compressions(spec.Type).Contains(spec.Compression))
        {
            throw new InputArgumentException($"'{spec.Compression}' is not a {spec.Type} compression (expected one of: {string.Join(", ", FormatSpec.Compressions(spec.Type))})", nameof(spec));
        }
    }
}
