using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Handoff.Shared.Data;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Decimals;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Avro;

/// <summary>
/// Reads an Avro object container file into batches of the given schema. The writer's schema in
/// the header must match ours field by field (see <see cref="AvroFieldPlan"/>); codecs null,
/// deflate and snappy. Errors name the row (1-based) and the column.
/// </summary>
internal sealed class AvroRowBatchReader(TableSchema schema, Stream input) : IRowBatchReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;
    private static readonly long MinMicros = TextValueMapping.ToUnixMicros(DateTime.MinValue);
    private static readonly long MaxMicros = TextValueMapping.ToUnixMicros(DateTime.MaxValue);

    private readonly AvroInput _input = new(input);
    private readonly byte[] _sync = new byte[16];
    private readonly byte[] _blockSync = new byte[16];
    private AvroFieldPlan[]? _plans;
    private AvroBlockCodec? _codec;
    private byte[] _raw = [];
    private ArraySegment<byte> _block;
    private int _blockPosition;
    private long _blockRemaining;
    private long _row;

    public async Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var plans = _plans ?? await ReadHeaderAsync(cancellationToken);
        batch.Count = 0;
        while (batch.Count < batch.Capacity)
        {
            if (_blockRemaining == 0)
            {
                if (!await ReadBlockAsync(cancellationToken))
                {
                    break;
                }

                continue;
            }

            _row++;
            foreach (var plan in plans)
            {
                try
                {
                    ReadValue(plan, batch, batch.Count);
                }
                catch (FormatException e)
                {
                    throw new InputFormatException($"row {_row}, column '{schema[plan.Column].Name}': {e.Message}", e);
                }
            }

            batch.Count++;
            if (--_blockRemaining == 0 && _blockPosition != _block.Count)
            {
                throw new InputFormatException($"row {_row}: the Avro block holds {_block.Count - _blockPosition} bytes more than its rows (corrupt file)");
            }
        }

        return batch.Count > 0;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<AvroFieldPlan[]> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var magic = new byte[4];
        await _input.ReadExactlyAsync(magic, "the header", cancellationToken);
        if (!magic.AsSpan().SequenceEqual("Obj\u0001"u8))
        {
            throw new InputFormatException("not an Avro object container file (it does not start with Obj\\x01)");
        }

        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (true)
        {
            var count = await _input.ReadRequiredLongAsync("the header", cancellationToken);
            if (count == 0)
            {
                break;
            }

            if (count < 0)
            {
                // A negative count is followed by the byte size of the block.
                count = -count;
                await _input.ReadRequiredLongAsync("the header", cancellationToken);
            }

            for (var i = 0; i < count; i++)
            {
                var key = StrictUtf8.GetString(await ReadBytesAsync(cancellationToken));
                metadata[key] = await ReadBytesAsync(cancellationToken);
            }
        }

        await _input.ReadExactlyAsync(_sync, "the header", cancellationToken);
        var schemaJson = metadata.TryGetValue("avro.schema", out var schemaBytes)
            ? Encoding.UTF8.GetString(schemaBytes)
            : throw new InputFormatException("the Avro file header has no avro.schema");
        var codec = metadata.TryGetValue("avro.codec", out var codecBytes) ? Encoding.UTF8.GetString(codecBytes) : "null";
        _codec = AvroBlockCodec.Create(codec);
        _plans = AvroFieldPlan.Match(schemaJson, schema);
        return _plans;
    }

    private async ValueTask<byte[]> ReadBytesAsync(CancellationToken cancellationToken)
    {
        var length = await _input.ReadRequiredLongAsync("the header", cancellationToken);
        if (length is < 0 or > 64 * 1024 * 1024)
        {
            throw new InputFormatException($"the Avro header holds an entry of {length} bytes (corrupt file)");
        }

        var bytes = new byte[length];
        await _input.ReadExactlyAsync(bytes, "the header", cancellationToken);
        return bytes;
    }

    private async Task<bool> ReadBlockAsync(CancellationToken cancellationToken)
    {
        var count = await _input.ReadLongAsync("a block header", cancellationToken);
        if (count is null)
        {
            return false;
        }

        var size = await _input.ReadRequiredLongAsync("a block header", cancellationToken);
        if (count < 0 || size < 0)
        {
            throw new InputFormatException($"after row {_row}: an Avro block claims {count} rows in {size} bytes (corrupt file)");
        }

        if (size > AvroBlockCodec.MaxBlockBytes)
        {
            throw new InputFormatException($"after row {_row}: an Avro block claims {size} bytes, more than the {AvroBlockCodec.MaxBlockBytes / (1024 * 1024)} MiB this reader holds (corrupt file?)");
        }

        if (_raw.Length < size)
        {
            _raw = new byte[Math.Max(size, _raw.Length * 2L)];
        }

        await _input.ReadExactlyAsync(_raw.AsMemory(0, (int)size), "a block", cancellationToken);
        await _input.ReadExactlyAsync(_blockSync, "a block's sync marker", cancellationToken);
        if (!_blockSync.AsSpan().SequenceEqual(_sync))
        {
            throw new InputFormatException($"after row {_row}: an Avro block is not followed by the file's sync marker (corrupt file)");
        }

        _block = _codec!.Decompress(new ArraySegment<byte>(_raw, 0, (int)size));
        _blockPosition = 0;
        _blockRemaining = count.Value;
        return true;
    }

    /// <summary>
    /// Reads one field into the batch. Strings go in as the UTF-8 bytes the file holds (checked),
    /// never as .NET strings: a load converting Avro to Parquet copies them on as they are.
    /// </summary>
    private void ReadValue(AvroFieldPlan plan, RowBatch batch, int row)
    {
        var column = schema[plan.Column];
        var present = !plan.IsUnion || ReadUnionBranch(plan, column);
        if (column.Type.Kind == LogicalKind.String)
        {
            var strings = batch.WriteUtf8(plan.Column);
            if (present)
            {
                var text = ReadBytes();
                strings.Set(row, Utf8.IsValid(text) ? text : throw new InputFormatException("the string is not valid UTF-8"));
            }
            else
            {
                strings.SetNull(row);
            }

            return;
        }

        var target = batch.Column(plan.Column);
        if (!present)
        {
            Array.Clear(target, row, 1);
            return;
        }

        switch (column.Type.Kind)
        {
            case LogicalKind.Binary:
                ((byte[]?[])target)[row] = ReadBytes().ToArray();
                break;
            case LogicalKind.Long:
                ((long?[])target)[row] = ReadLong();
                break;
            case LogicalKind.Integer:
                ((int?[])target)[row] = (int)ReadInt(int.MinValue, int.MaxValue, column.Type);
                break;
            case LogicalKind.Short:
                ((short?[])target)[row] = (short)ReadInt(short.MinValue, short.MaxValue, column.Type);
                break;
            case LogicalKind.Byte:
                ((sbyte?[])target)[row] = (sbyte)ReadInt(sbyte.MinValue, sbyte.MaxValue, column.Type);
                break;
            case LogicalKind.Double:
                ((double?[])target)[row] = BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
                break;
            case LogicalKind.Float:
                ((float?[])target)[row] = BinaryPrimitives.ReadSingleLittleEndian(Take(4));
                break;
            case LogicalKind.Boolean:
                ((bool?[])target)[row] = Take(1)[0] switch
                {
                    0 => false,
                    1 => true,
                    var other => throw new InputFormatException($"boolean byte {other} is neither 0 nor 1 (corrupt file)"),
                };
                break;
            case LogicalKind.Date:
                var days = ReadInt(int.MinValue, int.MaxValue, column.Type) + UnixEpochDay;
                ((DateOnly?[])target)[row] = days >= DateOnly.MinValue.DayNumber && days <= DateOnly.MaxValue.DayNumber
                    ? DateOnly.FromDayNumber((int)days)
                    : throw new InputFormatException($"day {days - UnixEpochDay} after 1970-01-01 is outside the years 1 to 9999");
                break;
            case LogicalKind.Timestamp:
                var value = ReadLong();
                var unit = plan.TimestampMicrosPerUnit;
                var micros = unit == 1 ? value : value >= long.MinValue / unit && value <= long.MaxValue / unit ? value * unit : long.MaxValue;
                ((DateTime?[])target)[row] = micros >= MinMicros && micros <= MaxMicros
                    ? TextValueMapping.FromUnixMicros(micros)
                    : throw new InputFormatException($"timestamp {value} is outside the years 1 to 9999");
                break;
            case LogicalKind.Decimal:
                ((decimal?[])target)[row] = ReadDecimal(column.Type);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(plan), column.Type.Kind, "no Avro decoding for this kind");
        }
    }

    private long ReadLong()
    {
        var position = _blockPosition;
        if (!AvroBinary.TryReadLong(_block.AsSpan(), ref position, out var value))
        {
            throw EndOfBlock();
        }

        _blockPosition = position;
        return value;
    }

    private long ReadInt(long min, long max, LogicalType type)
    {
        var value = ReadLong();
        return value >= min && value <= max ? value : throw new InputFormatException($"{value} is out of range for {type}");
    }

    /// <summary>Reads a nullable field's union branch: true for the value, false for null (refused in a non-nullable column).</summary>
    private bool ReadUnionBranch(AvroFieldPlan plan, Column column)
    {
        var branch = ReadLong();
        if (branch == plan.NullIndex)
        {
            return column.Nullable ? false : throw new InputFormatException("null in a non-nullable column");
        }

        return branch == 1 - plan.NullIndex ? true : throw new InputFormatException($"union branch {branch} does not exist (corrupt file)");
    }

    private ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadLong();
        if (length < 0 || length > _block.Count - _blockPosition)
        {
            throw EndOfBlock();
        }

        return Take((int)length);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _block.Count - _blockPosition)
        {
            throw EndOfBlock();
        }

        var span = _block.AsSpan(_blockPosition, count);
        _blockPosition += count;
        return span;
    }

    private decimal ReadDecimal(LogicalType type)
    {
        var bytes = ReadBytes();
        if (bytes.IsEmpty || bytes.Length > 16)
        {
            throw new InputFormatException($"a decimal of {bytes.Length} bytes does not fit {type}");
        }

        var unscaled = BigEndianTwosComplement.Read(bytes);
        var negative = unscaled < 0;
        var magnitude = negative ? (UInt128)(-unscaled) : (UInt128)unscaled;
        if (magnitude >= DecimalScaling.PowerOfTen(type.Precision) || !DecimalScaling.TryCreate(magnitude, negative, type.Scale, out var value))
        {
            throw new InputFormatException($"unscaled value {unscaled} does not fit {type} or .NET's decimal");
        }

        return value;
    }

    private static InputFormatException EndOfBlock() => new("the Avro block ends in the middle of the row (corrupt file)");
}
