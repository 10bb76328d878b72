using System.Buffers.Binary;
using System.Text;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Decimals;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Parquet;

/// <summary>Turns plain-encoded footer statistics into the CLR values of a logical type.</summary>
internal static class ParquetStatisticsDecoder
{
    /// <summary>The value, or null when absent or not decodable as <paramref name="type"/>.</summary>
    public static object? Decode(byte[]? raw, ParquetFooterColumn column, LogicalType type)
    {
        if (raw is null)
        {
            return null;
        }

        var physical = column.PhysicalType;
        return type.Kind switch
        {
            LogicalKind.String when physical == "BYTE_ARRAY" => DecodeString(raw),
            LogicalKind.Long when physical == "INT64" && raw.Length == 8 => BinaryPrimitives.ReadInt64LittleEndian(raw),
            LogicalKind.Integer when physical == "INT32" && raw.Length == 4 => BinaryPrimitives.ReadInt32LittleEndian(raw),
            LogicalKind.Short when physical == "INT32" && raw.Length == 4 => (short)BinaryPrimitives.ReadInt32LittleEndian(raw),
            LogicalKind.Byte when physical == "INT32" && raw.Length == 4 => (sbyte)BinaryPrimitives.ReadInt32LittleEndian(raw),
            LogicalKind.Double when physical == "DOUBLE" && raw.Length == 8 => NotNaN(BinaryPrimitives.ReadDoubleLittleEndian(raw)),
            LogicalKind.Float when physical == "FLOAT" && raw.Length == 4 => NotNaN(BinaryPrimitives.ReadSingleLittleEndian(raw)),
            LogicalKind.Boolean when physical == "BOOLEAN" && raw.Length == 1 => raw[0] != 0,
            LogicalKind.Date when physical == "INT32" && raw.Length == 4 => DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32LittleEndian(raw) + UnixEpochDay),
            LogicalKind.Timestamp when physical == "INT64" && raw.Length == 8 => DecodeTimestamp(BinaryPrimitives.ReadInt64LittleEndian(raw), column.TimestampUnit),
            LogicalKind.Decimal => DecodeDecimal(raw, physical, column.Scale ?? type.Scale),
            _ => null,
        };
    }

    public static int Compare(object a, object b) => a is string left && b is string right
        ? Utf8Order.Compare(left, right)
        : ((IComparable)a).CompareTo(b);

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private static string? DecodeString(byte[] raw)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static object? NotNaN(double value) => double.IsNaN(value) ? null : value;

    private static object? NotNaN(float value) => float.IsNaN(value) ? null : value;

    private static object? DecodeTimestamp(long value, string? unit) => unit switch
    {
        "MICROS" => TextValueMapping.FromUnixMicros(value),
        "MILLIS" => TextValueMapping.FromUnixMicros(value * 1000),
        "NANOS" => TextValueMapping.FromUnixMicros(Math.DivRem(value, 1000, out var rest) - (rest < 0 ? 1 : 0)),
        _ => null,
    };

    private static object? DecodeDecimal(byte[] raw, string physical, int scale)
    {
        Int128 unscaled;
        switch (physical)
        {
            case "INT32" when raw.Length == 4:
                unscaled = BinaryPrimitives.ReadInt32LittleEndian(raw);
                break;
            case "INT64" when raw.Length == 8:
                unscaled = BinaryPrimitives.ReadInt64LittleEndian(raw);
                break;
            case "FIXED_LEN_BYTE_ARRAY" or "BYTE_ARRAY" when raw.Length is > 0 and <= 16:
                unscaled = BigEndianTwosComplement.Read(raw);
                break;
            default:
                return null;
        }

        var negative = unscaled < 0;
        return DecimalScaling.TryCreate(negative ? (UInt128)(-unscaled) : (UInt128)unscaled, negative, scale, out var value) ? value : null;
    }
}
