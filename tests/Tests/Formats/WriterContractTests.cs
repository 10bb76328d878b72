using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>What every writer promises, whatever the format: bad values are refused by name and the output stays open.</summary>
public sealed class WriterContractTests
{
    public static TheoryData<FileFormat, string> Formats => new()
    {
        { FileFormat.Parquet, "snappy" },
        { FileFormat.Avro, "deflate" },
        { FileFormat.Csv, "gzip" },
        { FileFormat.Json, "none" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_null_in_a_non_nullable_column_is_refused_with_its_name(FileFormat format, string compression)
    {
        var row = ParquetFormatTests.Row(1);
        row[0] = null;

        var error = await Assert.ThrowsAsync<InputDataException>(() => WriteAsync(format, compression, row));
        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_decimal_that_needs_rounding_is_refused_with_its_column(FileFormat format, string compression)
    {
        var row = ParquetFormatTests.Row(1);
        row[13] = 0.0005m;

        var error = await Assert.ThrowsAsync<InputDataException>(() => WriteAsync(format, compression, row));
        Assert.Contains("'dec9'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_decimal_wider_than_its_precision_is_refused(FileFormat format, string compression)
    {
        var row = ParquetFormatTests.Row(1);
        row[13] = 1000000m;

        var error = await Assert.ThrowsAsync<InputDataException>(() => WriteAsync(format, compression, row));
        Assert.Contains("decimal(9,3)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_string_with_an_unpaired_surrogate_is_refused(FileFormat format, string compression)
    {
        var row = ParquetFormatTests.Row(1);
        row[1] = "bad \uD800 text";

        var error = await Assert.ThrowsAsync<InputDataException>(() => WriteAsync(format, compression, row));
        Assert.Contains("'s'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FileFormat.Parquet, "lz4")]
    [InlineData(FileFormat.Avro, "gzip")]
    [InlineData(FileFormat.Csv, "snappy")]
    [InlineData(FileFormat.Json, "zstd")]
    public void An_unknown_compression_is_refused_before_anything_is_written(FileFormat format, string compression)
    {
        var output = new MemoryStream();
        var error = Assert.Throws<InputArgumentException>(() => RowBatchFormats.CreateWriter(new FormatSpec(format, compression), AllTypes.Schema, output));
        Assert.Contains($"'{compression}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Complete_flushes_everything_and_leaves_the_stream_open(FileFormat format, string compression)
    {
        var output = new MemoryStream();
        await using (var writer = RowBatchFormats.CreateWriter(new FormatSpec(format, compression), AllTypes.Schema, output))
        {
            await writer.WriteAsync(AllTypes.Batch(), CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
            var length = output.Length;
            Assert.True(length > 0);
            await writer.DisposeAsync();
            Assert.Equal(length, output.Length);
        }

        Assert.True(output.CanWrite, "the output stream must stay open");
        var rows = await FormatFiles.ReadBytesAsync(output.ToArray(), new FormatSpec(format, compression), AllTypes.Schema);
        Assert.Equal(AllTypes.Rows.Length, rows.Count);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Writers_only_use_the_output_asynchronously(FileFormat format, string compression)
    {
        var output = new AsyncOnlyStream();
        await using (var writer = RowBatchFormats.CreateWriter(new FormatSpec(format, compression), AllTypes.Schema, output))
        {
            await writer.WriteAsync(AllTypes.Batch(), CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
        }

        Assert.Empty(output.SynchronousCalls);
        Assert.Equal(AllTypes.Rows.Length, (await FormatFiles.ReadBytesAsync(output.Content, new FormatSpec(format, compression), AllTypes.Schema)).Count);
    }

    private static async Task WriteAsync(FileFormat format, string compression, object?[] row)
    {
        await using var writer = RowBatchFormats.CreateWriter(new FormatSpec(format, compression), AllTypes.Schema, new MemoryStream());
        await writer.WriteAsync(AllTypes.BatchOf([row]), CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
    }
}
