using System.Numerics;
using Avro;
using Avro.File;
using Avro.Generic;
using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Avro;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>Our Avro container files as Apache.Avro's DataFileReader (an independent reader) and our own reader see them.</summary>
public sealed class AvroFormatTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public AvroFormatTests() => AvroSnappyCodec.Register();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("null")]
    [InlineData("deflate")]
    [InlineData("snappy")]
    public async Task Apache_Avro_reads_every_type_and_edge_value_with_each_codec(string codec)
    {
        var path = _temp.Combine($"all.{codec}.avro");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Avro, codec));

        var records = ReadWithApache(path, out var fileCodec);
        Assert.Equal(codec, fileCodec);
        Assert.Equal(AllTypes.Rows.Length, records.Count);
        for (var r = 0; r < records.Count; r++)
        {
            for (var c = 0; c < AllTypes.Schema.Count; c++)
            {
                var column = AllTypes.Schema[c];
                var expected = Apache(column.Type, AllTypes.Rows[r][c]);
                var actual = records[r][column.Name];
                Assert.True(SameApacheValue(expected, actual), $"row {r}, column {column.Name}: expected {expected}, got {actual}");
            }
        }
    }

    [Theory]
    [InlineData("null")]
    [InlineData("deflate")]
    [InlineData("snappy")]
    public async Task Our_reader_round_trips_every_type_with_each_codec(string codec)
    {
        var path = _temp.Combine($"all.{codec}.avro");
        var spec = new FormatSpec(FileFormat.Avro, codec);
        await FormatFiles.WriteAsync(path, spec);

        FormatFiles.AssertSameRows(AllTypes.Rows, await FormatFiles.ReadAsync(path, spec));
    }

    [Fact]
    public async Task Many_blocks_carry_every_row_and_the_schema_is_Sparks()
    {
        var path = _temp.Combine("blocks.avro");
        var rows = Enumerable.Range(0, 5000).Select(ParquetFormatTests.Row).ToList();
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Avro, "snappy"), AllTypes.Schema, rows.Chunk(999).Select(c => AllTypes.BatchOf(c)), new RowBatchWriterOptions { AvroBlockBytes = 10_000 });

        using var reader = DataFileReader<GenericRecord>.OpenReader(path);
        var schema = (RecordSchema)reader.GetSchema();
        Assert.Equal(AvroTypeMapping.RecordName, schema.Name);
        Assert.Equal(AllTypes.Schema.Select(c => c.Name), schema.Fields.Select(f => f.Name));
        Assert.Equal(5000, reader.NextEntries.Count());
        Assert.True(new FileInfo(path).Length > 10_000);
        FormatFiles.AssertSameRows(rows, await FormatFiles.ReadAsync(path, new FormatSpec(FileFormat.Avro, "snappy"), batchCapacity: 777));
    }

    /// <summary>
    /// Strings whose length prefix changes size (at 64 and 8,192 zigzag bytes), both as .NET
    /// strings and as a source's UTF-8 bytes, in rows over many blocks and one row larger than a
    /// block: the encoder reserves room per run of rows and fills in prefixes it could not know.
    /// </summary>
    [Theory]
    [InlineData("null", false)]
    [InlineData("null", true)]
    [InlineData("snappy", true)]
    public async Task Strings_of_every_length_class_read_back_in_Apache_Avro(string codec, bool asUtf8)
    {
        var schema = new TableSchema([new Column("id", LogicalType.Long, Nullable: false), new Column("s", LogicalType.String, Nullable: true)]);
        var pieces = new[] { "a", "é", "日", "😀" };
        var lengths = new[] { 0, 1, 21, 22, 42, 43, 63, 64, 65, 127, 128, 4095, 4096, 4097, 8191, 8192, 300_000 };
        var values = Enumerable.Range(0, 1500)
            .Select(i => i % 97 == 5 ? null : string.Concat(Enumerable.Repeat(pieces[i % pieces.Length], lengths[i % lengths.Length])))
            .ToArray();
        var batches = values.Chunk(600).Select(chunk =>
        {
            var batch = new Shared.Data.RowBatch(schema, chunk.Length);
            var utf8 = asUtf8 ? batch.WriteUtf8(1) : null;
            for (var r = 0; r < chunk.Length; r++)
            {
                batch.Values<long>(0)[r] = r;
                if (utf8 is null)
                {
                    batch.References<string>(1)[r] = chunk[r];
                }
                else if (chunk[r] is { } text)
                {
                    utf8.Set(r, System.Text.Encoding.UTF8.GetBytes(text));
                }
                else
                {
                    utf8.SetNull(r);
                }
            }

            batch.Count = chunk.Length;
            return batch;
        });
        var path = _temp.Combine($"lengths.{codec}.{asUtf8}.avro");

        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Avro, codec), schema, batches, new RowBatchWriterOptions { AvroBlockBytes = 50_000 });

        Assert.Equal(values, ReadWithApache(path, out _).Select(record => (string?)record["s"]));
    }

    [Fact]
    public async Task Our_reader_reads_a_file_Apache_Avro_wrote()
    {
        var schema = new TableSchema([new Column("id", LogicalType.Long, false), new Column("s", LogicalType.String, true), new Column("ts", LogicalType.Timestamp, true), new Column("amount", LogicalType.Decimal(10, 2), true), new Column("day", LogicalType.Date, true)]);
        var avroSchema = AvroTypeMapping.ToSchema(schema);
        var path = _temp.Combine("apache.avro");
        using (var writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(avroSchema), path, Codec.CreateCodec(Codec.Type.Deflate)))
        {
            var record = new GenericRecord(avroSchema);
            record.Add("id", 7L);
            record.Add("s", "héllo");
            record.Add("ts", AllTypes.Utc(2024, 2, 29, 1, 2, 3, 123456));
            record.Add("amount", new AvroDecimal(new BigInteger(-1234), 2));
            record.Add("day", new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc));
            writer.Append(record);
            var nulls = new GenericRecord(avroSchema);
            nulls.Add("id", 8L);
            writer.Append(nulls);
        }

        var rows = await FormatFiles.ReadAsync(path, new FormatSpec(FileFormat.Avro, "deflate"), schema);
        FormatFiles.AssertSameRows([[7L, "héllo", AllTypes.Utc(2024, 2, 29, 1, 2, 3, 123456), -12.34m, new DateOnly(1969, 12, 31)], [8L, null, null, null, null]], rows);
    }

    [Fact]
    public void A_column_name_Avro_cannot_hold_is_refused_up_front()
    {
        var schema = new TableSchema([new Column("amount-usd", LogicalType.Long, true)]);
        var error = Assert.Throws<SchemaException>(() => RowBatchFormats.CreateWriter(new FormatSpec(FileFormat.Avro, "null"), schema, new MemoryStream()));
        Assert.Contains("'amount-usd'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_or_corrupt_file_is_a_format_error()
    {
        var path = _temp.Combine("whole.avro");
        var spec = new FormatSpec(FileFormat.Avro, "snappy");
        await FormatFiles.WriteAsync(path, spec);
        var bytes = await File.ReadAllBytesAsync(path);

        var truncated = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(bytes[..^20], spec, AllTypes.Schema));
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);

        var corrupt = (byte[])bytes.Clone();
        corrupt[^30] ^= 0xFF;
        await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(corrupt, spec, AllTypes.Schema));

        var notAvro = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync("PAR1garbage"u8.ToArray(), spec, AllTypes.Schema));
        Assert.Contains("not an Avro", notAvro.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_string_that_is_not_utf8_is_refused_naming_its_row_and_column()
    {
        var schema = new TableSchema([new Column("id", LogicalType.Long, false), new Column("s", LogicalType.String, true)]);
        var path = _temp.Combine("strings.avro");
        var spec = new FormatSpec(FileFormat.Avro, "null");
        await FormatFiles.WriteAsync(path, spec, schema, [AllTypes.BatchOf([[1L, "fine"], [2L, "BADX"]], schema)]);
        var bytes = await File.ReadAllBytesAsync(path);
        var at = bytes.AsSpan().IndexOf("BADX"u8);
        bytes[at + 3] = 0xFF;

        var error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(bytes, spec, schema));

        Assert.Equal("row 2, column 's': the string is not valid UTF-8", error.Message);
    }

    [Fact]
    public async Task A_block_claiming_gigabytes_is_refused_before_anything_is_allocated()
    {
        var spec = new FormatSpec(FileFormat.Avro, "null");
        var (header, sync) = await HeaderAndSyncAsync(spec);

        // One row in 2^31 - 1 bytes, of which the file holds a handful.
        var corrupt = header.Concat(ZigZag(1)).Concat(ZigZag(int.MaxValue)).Concat(new byte[8]).Concat(sync).ToArray();

        var error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(corrupt, spec, AllTypes.Schema));
        Assert.Equal("after row 0: an Avro block claims 2147483647 bytes, more than the 256 MiB this reader holds (corrupt file?)", error.Message);
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("snappy")]
    public async Task A_block_that_decompresses_past_256_MiB_is_refused(string codec)
    {
        var spec = new FormatSpec(FileFormat.Avro, codec);
        var (header, sync) = await HeaderAndSyncAsync(spec);

        // One block of one row whose compressed bytes stand for 300 MB: deflated zeros, or a
        // snappy header that says so (what follows it is never reached).
        byte[] compressed;
        if (codec == "deflate")
        {
            using var deflated = new MemoryStream();
            using (var deflate = new System.IO.Compression.DeflateStream(deflated, System.IO.Compression.CompressionLevel.Fastest))
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 300; i++)
                {
                    deflate.Write(zeros);
                }
            }

            compressed = deflated.ToArray();
        }
        else
        {
            compressed = [0x80, 0xC6, 0x86, 0x8F, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]; // varint 300,000,000, then junk and a CRC
        }

        var corrupt = header.Concat(ZigZag(1)).Concat(ZigZag(compressed.Length)).Concat(compressed).Concat(sync).ToArray();

        var error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(corrupt, spec, AllTypes.Schema));
        Assert.Equal("an Avro block decompresses to more than the 256 MiB this reader holds (corrupt file?)", error.Message);
    }

    /// <summary>The header of a file our writer wrote with this spec, and its sync marker (which ends the header and the file).</summary>
    private async Task<(byte[] Header, byte[] Sync)> HeaderAndSyncAsync(FormatSpec spec)
    {
        var path = _temp.Combine($"header-{spec.Compression}.avro");
        await FormatFiles.WriteAsync(path, spec);
        var bytes = await File.ReadAllBytesAsync(path);
        var sync = bytes[^16..];
        return (bytes[..(bytes.AsSpan().IndexOf(sync) + 16)], sync);
    }

    private static byte[] ZigZag(long value)
    {
        var encoded = (ulong)((value << 1) ^ (value >> 63));
        var bytes = new List<byte>();
        while (encoded >= 0x80)
        {
            bytes.Add((byte)(encoded | 0x80));
            encoded >>= 7;
        }

        bytes.Add((byte)encoded);
        return [.. bytes];
    }

    [Fact]
    public async Task Reading_with_a_schema_the_file_does_not_match_names_the_column()
    {
        var path = _temp.Combine("mismatch.avro");
        var spec = new FormatSpec(FileFormat.Avro, "null");
        await FormatFiles.WriteAsync(path, spec);

        var wrongType = new TableSchema(AllTypes.Schema.Select(c => c.Name == "dec" ? c with { Type = LogicalType.Decimal(18, 3) } : c));
        var error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadAsync(path, spec, wrongType));
        Assert.Contains("'dec'", error.Message, StringComparison.Ordinal);
    }

    private static List<GenericRecord> ReadWithApache(string path, out string codec)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(path);
        codec = reader.GetMetaString("avro.codec");
        return reader.NextEntries.ToList();
    }

    /// <summary>What Apache.Avro's generic reader returns for a value of ours.</summary>
    private static object? Apache(LogicalType type, object? value) => value switch
    {
        null => null,
        short s => (int)s,
        sbyte b => (int)b,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        decimal => BigInteger.Parse(TextValueMapping.Format(type, value)!.Replace(".", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    private static bool SameApacheValue(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (byte[] e, byte[] a) => e.AsSpan().SequenceEqual(a),
        (DateTime e, DateTime a) => e.Ticks == a.Ticks,
        (BigInteger e, AvroDecimal a) => e == a.UnscaledValue,
        _ => Equals(expected, actual),
    };
}
