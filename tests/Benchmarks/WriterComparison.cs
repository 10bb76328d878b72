using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Handoff.Exporter.Sources;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using ParquetSharp;
using ParquetSharp.IO;
using ParquetSharp.Schema;
using Column = Handoff.Shared.Schema.Column;
using LogicalType = ParquetSharp.LogicalType;

namespace Handoff.Benchmarks;

/// <summary>
/// Issue 16's question: is ParquetSharp's writer (Arrow C++) faster than ours on the same sample?
/// The sample's batches are read from DuckDB once and held in memory; then both writers encode
/// them, alternately, into a stream that only counts bytes, with the same layout (the same
/// physical and logical types, Snappy, dictionary pages for strings only, 256 KB pages, 65,536-row
/// row groups). ParquetSharp's side includes turning the batch arrays into its physical arrays
/// (definition levels, non-null values, pointers to the UTF-8 bytes), which a writer built on it
/// would do too. Both run in this process, after one warm-up run each.
/// </summary>
internal static class WriterComparison
{
    private const int RowGroupRows = 64 * 1024;

    public static async Task<int> RunAsync(long rows, int repeat)
    {
        Console.Error.WriteLine($"reading the {rows:N0}-row sample into memory ...");
        var (schema, batches) = await ReadSampleAsync(rows);
        var table = new ResultTable("rows", "writer", "wall s (median)", "cpu user+sys s (median)", "bytes");
        var ours = new List<(double Wall, double Cpu, long Bytes)>();
        var theirs = new List<(double Wall, double Cpu, long Bytes)>();
        for (var run = -1; run < repeat; run++)
        {
            var a = await MeasureAsync(() => WriteOursAsync(schema, batches));
            var b = await MeasureAsync(() => Task.FromResult(WriteParquetSharp(schema, batches)));
            if (run >= 0)
            {
                ours.Add(a);
                theirs.Add(b);
            }
        }

        var text = rows.ToString("N0", CultureInfo.InvariantCulture);
        table.Add(text, "ours (shared/Formats/Parquet)", F(Median(ours.Select(m => m.Wall))), F(Median(ours.Select(m => m.Cpu))), ours[0].Bytes.ToString(CultureInfo.InvariantCulture));
        table.Add(text, "ParquetSharp 25 (Arrow C++)", F(Median(theirs.Select(m => m.Wall))), F(Median(theirs.Select(m => m.Cpu))), theirs[0].Bytes.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine($"Parquet writers on the sample held in memory, {MachineDescription.Text}; median of {repeat} alternating runs");
        table.Print(Console.Out);
        return 0;
    }

    private static async Task<(double Wall, double Cpu, long Bytes)> MeasureAsync(Func<Task<long>> write)
    {
        GC.Collect();
        var cpu = Environment.CpuUsage;
        var stopwatch = Stopwatch.StartNew();
        var bytes = await write();
        stopwatch.Stop();
        var after = Environment.CpuUsage;
        return (stopwatch.Elapsed.TotalSeconds, (after.TotalTime - cpu.TotalTime).TotalSeconds, bytes);
    }

    private static async Task<(TableSchema Schema, List<RowBatch> Batches)> ReadSampleAsync(long rows)
    {
        await using var source = await SampleCustomer360.CreateSourceAsync(rows, CancellationToken.None);
        await using var result = await source.ExecuteAsync(SampleCustomer360.Query, CancellationToken.None);
        var batches = new List<RowBatch>();
        while (true)
        {
            var batch = new RowBatch(result.Schema, 4096);
            if (!await result.ReadAsync(batch, CancellationToken.None))
            {
                return (result.Schema, batches);
            }

            batches.Add(batch);
        }
    }

    private static async Task<long> WriteOursAsync(TableSchema schema, List<RowBatch> batches)
    {
        var output = new CountingStream();
        await using (var writer = RowBatchFormats.CreateWriter(new FormatSpec(FileFormat.Parquet, "snappy"), schema, output))
        {
            foreach (var batch in batches)
            {
                await writer.WriteAsync(batch, CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        return output.Position;
    }

    private static long WriteParquetSharp(TableSchema schema, List<RowBatch> batches)
    {
        var output = new CountingStream();
        using (var stream = new ManagedOutputStream(output, leaveOpen: true))
        {
            using var builder = new WriterPropertiesBuilder()
                .Compression(Compression.Snappy)
                .DisableDictionary()
                .DataPagesize(256 * 1024)
                .MaxRowGroupLength(RowGroupRows);
            foreach (var column in schema.Where(c => c.Type.Kind == LogicalKind.String))
            {
                builder.EnableDictionary(column.Name);
            }

            using var properties = builder.Build();
            using var root = new GroupNode("schema", Repetition.Required, schema.Select(Node).ToArray());
            using var file = new ParquetFileWriter(stream, root, properties, new Dictionary<string, string> { ["org.apache.spark.version"] = "3.5.0" });
            var columns = new ColumnScratch(4096);
            var inGroup = 0;
            RowGroupWriter? group = null;
            foreach (var batch in batches)
            {
                if (group is null || inGroup + batch.Count > RowGroupRows)
                {
                    group?.Close();
                    group?.Dispose();
                    group = file.AppendBufferedRowGroup();
                    inGroup = 0;
                }

                for (var c = 0; c < schema.Count; c++)
                {
                    columns.Write(group.Column(c), schema[c], batch, c);
                }

                inGroup += batch.Count;
            }

            group?.Close();
            group?.Dispose();
            file.Close();
        }

        return output.Position;
    }

    private static Node Node(Column column)
    {
        var repetition = column.Nullable ? Repetition.Optional : Repetition.Required;
        var type = column.Type;
        return type.Kind switch
        {
            LogicalKind.String => new PrimitiveNode(column.Name, repetition, LogicalType.String(), PhysicalType.ByteArray),
            LogicalKind.Long => new PrimitiveNode(column.Name, repetition, LogicalType.Int(64, true), PhysicalType.Int64),
            LogicalKind.Integer => new PrimitiveNode(column.Name, repetition, LogicalType.Int(32, true), PhysicalType.Int32),
            LogicalKind.Short => new PrimitiveNode(column.Name, repetition, LogicalType.Int(16, true), PhysicalType.Int32),
            LogicalKind.Byte => new PrimitiveNode(column.Name, repetition, LogicalType.Int(8, true), PhysicalType.Int32),
            LogicalKind.Double => new PrimitiveNode(column.Name, repetition, LogicalType.None(), PhysicalType.Double),
            LogicalKind.Float => new PrimitiveNode(column.Name, repetition, LogicalType.None(), PhysicalType.Float),
            LogicalKind.Boolean => new PrimitiveNode(column.Name, repetition, LogicalType.None(), PhysicalType.Boolean),
            LogicalKind.Date => new PrimitiveNode(column.Name, repetition, LogicalType.Date(), PhysicalType.Int32),
            LogicalKind.Timestamp => new PrimitiveNode(column.Name, repetition, LogicalType.Timestamp(true, TimeUnit.Micros), PhysicalType.Int64),
            LogicalKind.Decimal when type.Precision <= 18 => new PrimitiveNode(column.Name, repetition, LogicalType.Decimal(type.Precision, type.Scale), PhysicalType.Int64),
            _ => throw new NotSupportedException($"the comparison does not cover {type} (column {column.Name})"),
        };
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Per-batch physical arrays for ParquetSharp: definition levels, then the non-null values.</summary>
    private sealed unsafe class ColumnScratch(int capacity)
    {
        private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;
        private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;
        private readonly short[] _levels = new short[capacity];
        private readonly long[] _longs = new long[capacity];
        private readonly int[] _ints = new int[capacity];
        private readonly double[] _doubles = new double[capacity];
        private readonly float[] _floats = new float[capacity];
        private readonly bool[] _bools = new bool[capacity];
        private readonly ByteArray[] _bytes = new ByteArray[capacity];

        public void Write(ColumnWriter writer, Column column, RowBatch batch, int c)
        {
            var n = batch.Count;
            var levels = column.Nullable ? _levels.AsSpan(0, n) : null;
            switch (column.Type.Kind)
            {
                case LogicalKind.String:
                    WriteStrings((ColumnWriter<ByteArray>)writer, batch, c, n, levels);
                    break;
                case LogicalKind.Long:
                    Write((ColumnWriter<long>)writer, batch.Values<long>(c), n, levels, _longs, v => v);
                    break;
                case LogicalKind.Integer:
                    Write((ColumnWriter<int>)writer, batch.Values<int>(c), n, levels, _ints, v => v);
                    break;
                case LogicalKind.Short:
                    Write((ColumnWriter<int>)writer, batch.Values<short>(c), n, levels, _ints, v => v);
                    break;
                case LogicalKind.Byte:
                    Write((ColumnWriter<int>)writer, batch.Values<sbyte>(c), n, levels, _ints, v => v);
                    break;
                case LogicalKind.Double:
                    Write((ColumnWriter<double>)writer, batch.Values<double>(c), n, levels, _doubles, v => v);
                    break;
                case LogicalKind.Float:
                    Write((ColumnWriter<float>)writer, batch.Values<float>(c), n, levels, _floats, v => v);
                    break;
                case LogicalKind.Boolean:
                    Write((ColumnWriter<bool>)writer, batch.Values<bool>(c), n, levels, _bools, v => v);
                    break;
                case LogicalKind.Date:
                    Write((ColumnWriter<int>)writer, batch.Values<DateOnly>(c), n, levels, _ints, v => v.DayNumber - EpochDay);
                    break;
                case LogicalKind.Timestamp:
                    Write((ColumnWriter<long>)writer, batch.Values<DateTime>(c), n, levels, _longs, v => (v.Ticks - EpochTicks) / 10);
                    break;
                case LogicalKind.Decimal:
                    var factor = (decimal)Math.Pow(10, column.Type.Scale);
                    Write((ColumnWriter<long>)writer, batch.Values<decimal>(c), n, levels, _longs, v => (long)(v * factor));
                    break;
                default:
                    throw new NotSupportedException(column.Type.ToString());
            }
        }

        private static void Write<TSource, TPhysical>(ColumnWriter<TPhysical> writer, TSource?[] source, int n, Span<short> levels, TPhysical[] values, Func<TSource, TPhysical> convert)
            where TSource : struct
            where TPhysical : unmanaged
        {
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                if (source[i] is { } value)
                {
                    values[count++] = convert(value);
                    if (!levels.IsEmpty)
                    {
                        levels[i] = 1;
                    }
                }
                else
                {
                    levels[i] = 0;
                }
            }

            writer.WriteBatch(n, levels.IsEmpty ? null : levels, null, values.AsSpan(0, count));
        }

        private void WriteStrings(ColumnWriter<ByteArray> writer, RowBatch batch, int c, int n, Span<short> levels)
        {
            var utf8 = batch.Utf8(c) ?? throw new NotSupportedException("the comparison expects DuckDB's UTF-8 strings");
            var count = 0;
            fixed (byte* all = utf8.AllValues)
            {
                for (var i = 0; i < n; i++)
                {
                    if (utf8.IsNull(i))
                    {
                        levels[i] = 0;
                        continue;
                    }

                    var value = utf8.Value(i);
                    fixed (byte* start = value)
                    {
                        _bytes[count++] = new ByteArray((nint)start, value.Length);
                    }

                    if (!levels.IsEmpty)
                    {
                        levels[i] = 1;
                    }
                }

                writer.WriteBatch(n, levels.IsEmpty ? null : levels, null, _bytes.AsSpan(0, count));
            }
        }
    }

    /// <summary>A write-only stream that counts bytes (and reports them as its position, as Arrow asks).</summary>
    private sealed class CountingStream : Stream
    {
        private long _position;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _position;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _position += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _position += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _position += buffer.Length;
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
