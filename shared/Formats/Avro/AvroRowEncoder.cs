using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using Handoff.Shared.Data;
using Handoff.Shared.Formats.TextOutput;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Decimals;

namespace Handoff.Shared.Formats.Avro;

/// <summary>
/// Avro's binary encoding of a batch's rows (Avro 1.11 specification, "Binary Encoding"): per
/// field in schema order, the union branch of a nullable column (0 for null, 1 for the value,
/// zigzag-encoded), then the value. The caller reserves <see cref="Bound"/> bytes for a run of
/// rows once, and each value is written without a capacity check of its own: per value, the
/// checks and calls of a growable buffer were a fifth of an Avro export's CPU.
/// </summary>
internal sealed class AvroRowEncoder
{
    /// <summary>The most bytes one fixed-width value takes, its union branch included.</summary>
    private const int FixedValueBound = 1 + AvroBinary.MaxVarintBytes + 16;

    /// <summary>How a string column is encoded when the batch holds its UTF-8 bytes: not a logical kind, a way a batch carries one.</summary>
    private const LogicalKind Utf8String = (LogicalKind)(-1);

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private readonly TableSchema _schema;
    private readonly BatchColumns _columns;
    private readonly LogicalKind[] _kinds;
    private readonly bool[] _nullable;

    public AvroRowEncoder(TableSchema schema)
    {
        _schema = schema;
        _columns = new BatchColumns(schema.Count);
        _kinds = new LogicalKind[schema.Count];
        _nullable = schema.Select(c => c.Nullable).ToArray();
    }

    public void Load(RowBatch batch)
    {
        _columns.Load(batch, takeUtf8: true);
        for (var c = 0; c < _kinds.Length; c++)
        {
            _kinds[c] = _columns.Utf8(c) is not null ? Utf8String : _schema[c].Type.Kind;
        }
    }

    /// <summary>
    /// At least the encoded size of rows <paramref name="from"/> to <paramref name="to"/>
    /// (exclusive): every value at its widest, strings at 3 UTF-8 bytes per char.
    /// </summary>
    public long Bound(int from, int to)
    {
        var bound = (long)(to - from) * _kinds.Length * FixedValueBound;
        for (var c = 0; c < _kinds.Length; c++)
        {
            switch (_kinds[c])
            {
                case Utf8String:
                    bound += _columns.Utf8(c)!.ByteCount(from, to);
                    break;
                case LogicalKind.String:
                    foreach (var text in ((string?[])_columns.Array(c)).AsSpan(from, to - from))
                    {
                        bound += 3L * (text?.Length ?? 0);
                    }

                    break;
                case LogicalKind.Binary:
                    foreach (var bytes in ((byte[]?[])_columns.Array(c)).AsSpan(from, to - from))
                    {
                        bound += bytes?.Length ?? 0;
                    }

                    break;
            }
        }

        return bound;
    }

    /// <summary>Encodes row <paramref name="row"/> at the start of <paramref name="destination"/>, which holds at least its <see cref="Bound"/>; returns the bytes written.</summary>
    /// <exception cref="InputDataException">a value the schema cannot carry: a null in a non-nullable column, a decimal beyond its precision, text with an unpaired surrogate.</exception>
    public int Encode(int row, Span<byte> destination)
    {
        var position = 0;
        var column = 0;
        try
        {
            for (; column < _kinds.Length; column++)
            {
                position = EncodeValue(column, row, destination, position);
            }

            return position;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or InputDataException)
        {
            throw new InputDataException($"column '{_schema[column].Name}', row {row} of the batch: {e.Message}", e);
        }
    }

    private int EncodeValue(int column, int row, Span<byte> destination, int position)
    {
        switch (_kinds[column])
        {
            case Utf8String:
                var utf8 = _columns.Utf8(column)!;
                if (Branch(column, utf8.IsNull(row), destination, ref position))
                {
                    var value = utf8.Value(row);
                    position = Varint(destination, position, value.Length);
                    value.CopyTo(destination[position..]);
                    position += value.Length;
                }

                return position;
            case LogicalKind.String:
                var text = ((string?[])_columns.Array(column))[row];
                return Branch(column, text is null, destination, ref position) ? WriteString(text!, destination, position) : position;
            case LogicalKind.Binary:
                var bytes = ((byte[]?[])_columns.Array(column))[row];
                if (Branch(column, bytes is null, destination, ref position))
                {
                    position = Varint(destination, position, bytes!.Length);
                    bytes.CopyTo(destination[position..]);
                    position += bytes.Length;
                }

                return position;
            case LogicalKind.Long:
                var l = ((long?[])_columns.Array(column))[row];
                return Branch(column, l is null, destination, ref position) ? Varint(destination, position, l!.Value) : position;
            case LogicalKind.Integer:
                var i = ((int?[])_columns.Array(column))[row];
                return Branch(column, i is null, destination, ref position) ? Varint(destination, position, i!.Value) : position;
            case LogicalKind.Short:
                var s = ((short?[])_columns.Array(column))[row];
                return Branch(column, s is null, destination, ref position) ? Varint(destination, position, s!.Value) : position;
            case LogicalKind.Byte:
                var b = ((sbyte?[])_columns.Array(column))[row];
                return Branch(column, b is null, destination, ref position) ? Varint(destination, position, b!.Value) : position;
            case LogicalKind.Double:
                var d = ((double?[])_columns.Array(column))[row];
                if (Branch(column, d is null, destination, ref position))
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(destination[position..], d!.Value);
                    position += 8;
                }

                return position;
            case LogicalKind.Float:
                var f = ((float?[])_columns.Array(column))[row];
                if (Branch(column, f is null, destination, ref position))
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination[position..], f!.Value);
                    position += 4;
                }

                return position;
            case LogicalKind.Boolean:
                var flag = ((bool?[])_columns.Array(column))[row];
                if (Branch(column, flag is null, destination, ref position))
                {
                    destination[position++] = flag!.Value ? (byte)1 : (byte)0;
                }

                return position;
            case LogicalKind.Date:
                var date = ((DateOnly?[])_columns.Array(column))[row];
                return Branch(column, date is null, destination, ref position) ? Varint(destination, position, date!.Value.DayNumber - UnixEpochDay) : position;
            case LogicalKind.Timestamp:
                var timestamp = ((DateTime?[])_columns.Array(column))[row];
                return Branch(column, timestamp is null, destination, ref position) ? Varint(destination, position, FloorMicros(timestamp!.Value)) : position;
            case LogicalKind.Decimal:
                var m = ((decimal?[])_columns.Array(column))[row];
                return Branch(column, m is null, destination, ref position) ? WriteDecimal(m!.Value, _schema[column].Type, destination, position) : position;
            default:
                throw new ArgumentOutOfRangeException(nameof(column), _kinds[column], "no Avro encoding for this kind");
        }
    }

    /// <summary>Writes the branch of ["null", T] for a nullable column; true when a value follows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Branch(int column, bool isNull, Span<byte> destination, ref int position)
    {
        if (!_nullable[column])
        {
            return isNull ? throw new InputDataException("the column is not nullable but the value is null") : true;
        }

        destination[position++] = isNull ? (byte)0 : (byte)2;
        return !isNull;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Varint(Span<byte> destination, int position, long value) =>
        position + AvroBinary.WriteLong(destination[position..], value);

    private static int WriteString(string text, Span<byte> destination, int position)
    {
        // The length prefix comes first, but the UTF-8 length is only known after encoding. When
        // every possible length (chars to 3 × chars) has a varint of the same size, leave room
        // for it and fill it in; otherwise count the bytes first.
        var shortest = AvroBinary.VarintLength(text.Length);
        var prefix = shortest == AvroBinary.VarintLength(3L * text.Length) ? shortest : AvroBinary.VarintLength(System.Text.Encoding.UTF8.GetByteCount(text));
        var status = Utf8.FromUtf16(text, destination[(position + prefix)..], out _, out var length, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw Utf16Text.UnpairedSurrogate(text);
        }

        AvroBinary.WriteLong(destination.Slice(position, prefix), length);
        return position + prefix + length;
    }

    private static int WriteDecimal(decimal value, LogicalType type, Span<byte> destination, int position)
    {
        if (!DecimalScaling.TryGetUnscaled(value, type.Precision, type.Scale, out var unscaled))
        {
            throw new InputDataException(string.Create(CultureInfo.InvariantCulture, $"{value} does not fit {type} without rounding"));
        }

        Span<byte> bytes = stackalloc byte[16];
        var length = BigEndianTwosComplement.Write(unscaled, bytes);
        position = Varint(destination, position, length);
        bytes[..length].CopyTo(destination[position..]);
        return position + length;
    }

    private static long FloorMicros(DateTime value) => Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, 10, out var rest) - (rest < 0 ? 1 : 0);
}
