using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>
/// Row groups are written on the thread pool while the next is encoded: the file must not depend
/// on that timing, row groups stay in order, and an output that fails mid-file fails the write
/// instead of being lost on another thread.
/// </summary>
public sealed class ParquetRowGroupPipelineTests : IDisposable
{
    private static readonly TableSchema Schema = new([
        new Column("id", LogicalType.Long, Nullable: false),
        new Column("state", LogicalType.String, Nullable: true),
        new Column("email", LogicalType.String, Nullable: true),
        new Column("score", LogicalType.Double, Nullable: true),
    ]);

    private static readonly RowBatchWriterOptions SmallRowGroups = new() { ParquetRowGroupRows = 1000 };

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_same_rows_give_the_same_bytes_every_time_and_row_groups_stay_in_order()
    {
        var first = _temp.Combine("first.parquet");
        var second = _temp.Combine("second.parquet");

        await FormatFiles.WriteAsync(first, new FormatSpec(FileFormat.Parquet, "snappy"), Schema, Batches(), SmallRowGroups);
        await FormatFiles.WriteAsync(second, new FormatSpec(FileFormat.Parquet, "snappy"), Schema, Batches(), SmallRowGroups);

        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
        var groups = DuckDb.Query($"SELECT row_group_id, stats_min_value, stats_max_value FROM parquet_metadata({DuckDb.Literal(first)}) WHERE path_in_schema = 'id' ORDER BY row_group_id");
        Assert.Equal(25, groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            Assert.Equal(((g * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), ((g * 1000) + 999).ToString(System.Globalization.CultureInfo.InvariantCulture)), ((string)groups[g][1]!, (string)groups[g][2]!));
        }

        Assert.Equal(25_000L, DuckDb.Scalar($"SELECT count(DISTINCT id) FROM read_parquet({DuckDb.Literal(first)}) WHERE state = 's' || (id % 7) AND email = 'user' || id || '@example.com'"));
    }

    [Fact]
    public async Task An_output_that_fails_mid_file_fails_the_write_and_abandoning_it_returns()
    {
        await using var output = new FailingStream(failAfterBytes: 200_000);
        var writer = RowBatchFormats.CreateWriter(new FormatSpec(FileFormat.Parquet, "snappy"), Schema, output, SmallRowGroups);

        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            foreach (var batch in Batches())
            {
                await writer.WriteAsync(batch, CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        });
        await writer.DisposeAsync();

        Assert.Equal("disk full", error.Message);
        Assert.True(output.Written <= 200_000);
    }

    private static IEnumerable<RowBatch> Batches()
    {
        for (var start = 0; start < 25_000; start += 4096)
        {
            var count = Math.Min(4096, 25_000 - start);
            var batch = new RowBatch(Schema, 4096) { Count = count };
            var ids = batch.Values<long>(0);
            var states = batch.References<string>(1);
            var emails = batch.References<string>(2);
            var scores = batch.Values<double>(3);
            for (var i = 0; i < count; i++)
            {
                var id = start + i;
                ids[i] = id;
                states[i] = "s" + (id % 7);
                emails[i] = $"user{id}@example.com";
                scores[i] = id % 11 == 0 ? null : id * 0.5;
            }

            yield return batch;
        }
    }

    private sealed class FailingStream(long failAfterBytes) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Written + buffer.Length > failAfterBytes)
            {
                throw new IOException("disk full");
            }

            Written += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
