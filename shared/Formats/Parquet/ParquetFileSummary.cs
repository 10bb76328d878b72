using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Parquet;
using Parquet.Meta;

namespace Handoff.Shared.Formats.Parquet;

/// <summary>
/// What a Parquet file written by another tool holds, from its footer alone: its schema in
/// logical types (<see cref="ParquetFileTypeMapping"/>), its row count and the codec of its
/// first column chunk, in the manifest's compression names. Parquet.Net parses the footer, as it
/// does when our reader later reads the rows, so a schema accepted here is one it can read.
/// </summary>
public sealed record ParquetFileSummary(TableSchema Schema, long Rows, string Compression)
{
    public static async Task<ParquetFileSummary> ReadAsync(Stream seekable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(seekable, ParquetRowBatchReader.Options, leaveStreamOpen: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InputFormatException($"not a readable Parquet file: {e.Message}", e);
        }

        await using (reader)
        {
            var metadata = reader.Metadata ?? throw new InputFormatException("the Parquet file has no footer metadata");
            var schema = ParquetFileTypeMapping.ToSchema(reader.Schema);
            var codec = metadata.RowGroups.SelectMany(g => g.Columns).Select(c => c.MetaData?.Codec).FirstOrDefault(c => c is not null);
            return new ParquetFileSummary(schema, metadata.NumRows, CompressionName(codec));
        }
    }

    // parquet.thrift's CompressionCodec; a file without row groups has no codec and is "none".
    private static string CompressionName(CompressionCodec? codec) => codec switch
    {
        null or CompressionCodec.UNCOMPRESSED => "none",
        CompressionCodec.SNAPPY => "snappy",
        CompressionCodec.GZIP => "gzip",
        CompressionCodec.ZSTD => "zstd",
        var other => throw new InputFormatException($"the file is compressed with {other}; a manifest records snappy, gzip, zstd or none (rewrite the file with one of them)"),
    };
}
