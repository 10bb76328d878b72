using Handoff.Shared.Manifest;
using Xunit;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Schema;

namespace Handoff.Tests.Formats;

/// <summary>Writes files the way the exporter does (to a stream that cannot seek) and reads them back with our readers.</summary>
internal static class FormatFiles
{
    public static async Task WriteAsync(string path, FormatSpec spec, TableSchema schema, IEnumerable<RowBatch> batches, RowBatchWriterOptions? options = null)
    {
        await using var file = File.Create(path);
        await using var upload = new NonSeekableStream(file);
        await using (var writer = RowBatchFormats.CreateWriter(spec, schema, upload, options))
        {
            foreach (var batch in batches)
            {
                await writer.WriteAsync(batch, CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        Assert.False(upload.Disposed, "a writer must leave its output stream open");
    }

    public static Task WriteAsync(string path, FormatSpec spec, RowBatchWriterOptions? options = null) =>
        WriteAsync(path, spec, AllTypes.Schema, [AllTypes.Batch()], options);

    public static async Task<List<object?[]>> ReadAsync(string path, FormatSpec spec, TableSchema? schema = null, int batchCapacity = 5)
    {
        schema ??= AllTypes.Schema;
        await using var file = File.OpenRead(path);
        await using var reader = RowBatchFormats.CreateReader(spec, schema, file);
        var batch = new RowBatch(schema, batchCapacity);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(batch, CancellationToken.None))
        {
            Assert.InRange(batch.Count, 1, batchCapacity);
            for (var r = 0; r < batch.Count; r++)
            {
                rows.Add(AllTypes.RowOf(batch, r));
            }
        }

        return rows;
    }

    /// <summary>Reads bytes (not a file) with our reader, for bad-data tests.</summary>
    public static async Task<List<object?[]>> ReadBytesAsync(byte[] content, FormatSpec spec, TableSchema schema, int batchCapacity = 100)
    {
        await using var stream = new MemoryStream(content);
        await using var reader = RowBatchFormats.CreateReader(spec, schema, stream);
        var batch = new RowBatch(schema, batchCapacity);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(batch, CancellationToken.None))
        {
            for (var r = 0; r < batch.Count; r++)
            {
                rows.Add(AllTypes.RowOf(batch, r));
            }
        }

        return rows;
    }

    /// <summary>Asserts two row lists hold the same values, comparing byte arrays by content.</summary>
    public static void AssertSameRows(IReadOnlyList<object?[]> expected, IReadOnlyList<object?[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (var c = 0; c < expected[r].Length; c++)
            {
                var e = expected[r][c];
                var a = actual[r][c];
                if (e is byte[] eb && a is byte[] ab)
                {
                    Assert.True(eb.AsSpan().SequenceEqual(ab), $"row {r}, column {c}: bytes differ");
                }
                else if (e is DateTime et && a is DateTime at)
                {
                    Assert.True(et == at && at.Kind == DateTimeKind.Utc, $"row {r}, column {c}: expected {et:O}, got {at:O} ({at.Kind})");
                }
                else
                {
                    Assert.True(Equals(e, a), $"row {r}, column {c}: expected {Show(e)}, got {Show(a)}");
                }
            }
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\" (string)",
        _ => $"{value} ({value.GetType().Name})",
    };
}

/// <summary>A write-only stream over another that cannot seek or tell its position, like a blob upload.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public bool Disposed { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

/// <summary>An output that records any synchronous call: a blob upload would block a thread on network I/O there.</summary>
internal sealed class AsyncOnlyStream : Stream
{
    private readonly MemoryStream _content = new();

    public List<string> SynchronousCalls { get; } = [];

    public byte[] Content => _content.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        SynchronousCalls.Add("Write");
        _content.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        SynchronousCalls.Add("Write");
        _content.Write(buffer);
    }

    public override void Flush() => SynchronousCalls.Add("Flush");

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _content.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _content.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
