using Handoff.Shared.Formats.Parquet.Thrift;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// The footer's SchemaElements for a table schema, as Spark and Databricks read them as-is:
/// strings UTF8/STRING; integers signed INT(n); byte and short as INT32; dates INT32 DATE;
/// timestamps INT64 TIMESTAMP(MICROS, isAdjustedToUTC) (never INT96); decimals with their
/// precision and scale as INT32 (up to 9 digits), INT64 (up to 18) or a 16-byte
/// FIXED_LEN_BYTE_ARRAY. Both the legacy converted type and the logical type are written, so
/// old and new readers agree.
/// </summary>
internal static class ParquetSchemaElements
{
    // parquet.thrift Type
    public const int Boolean = 0;
    public const int Int32 = 1;
    public const int Int64 = 2;
    public const int Float = 4;
    public const int Double = 5;
    public const int ByteArray = 6;
    public const int FixedLenByteArray = 7;

    public static List<object> Create(TableSchema schema)
    {
        var root = new ThriftStruct();
        root.Set(4, ThriftType.Binary, "schema"u8.ToArray());
        root.Set(5, ThriftType.I32, (long)schema.Count);
        var elements = new List<object>(schema.Count + 1) { root };
        elements.AddRange(schema.Select(Element));
        return elements;
    }

    public static int PhysicalType(LogicalType type) => type.Kind switch
    {
        LogicalKind.Boolean => Boolean,
        LogicalKind.Long or LogicalKind.Timestamp => Int64,
        LogicalKind.Integer or LogicalKind.Short or LogicalKind.Byte or LogicalKind.Date => Int32,
        LogicalKind.Float => Float,
        LogicalKind.Double => Double,
        LogicalKind.String or LogicalKind.Binary => ByteArray,
        LogicalKind.Decimal when type.Precision <= ParquetTypeMapping.MaxInt32DecimalPrecision => Int32,
        LogicalKind.Decimal when type.Precision <= ParquetTypeMapping.MaxInt64DecimalPrecision => Int64,
        LogicalKind.Decimal => FixedLenByteArray,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no Parquet type for this kind"),
    };

    private static ThriftStruct Element(Column column)
    {
        var type = column.Type;
        var element = new ThriftStruct();
        element.Set(1, ThriftType.I32, (long)PhysicalType(type));
        if (PhysicalType(type) == FixedLenByteArray)
        {
            element.Set(2, ThriftType.I32, (long)WideDecimalEncoder.ByteWidth);
        }

        element.Set(3, ThriftType.I32, column.Nullable ? 1L : 0L);
        element.Set(4, ThriftType.Binary, System.Text.Encoding.UTF8.GetBytes(column.Name));
        switch (type.Kind)
        {
            case LogicalKind.String:
                Annotate(element, convertedType: 0, logicalTypeId: 1, new ThriftStruct());
                break;
            case LogicalKind.Long:
                Annotate(element, convertedType: 18, logicalTypeId: 10, Integer(64));
                break;
            case LogicalKind.Integer:
                Annotate(element, convertedType: 17, logicalTypeId: 10, Integer(32));
                break;
            case LogicalKind.Short:
                Annotate(element, convertedType: 16, logicalTypeId: 10, Integer(16));
                break;
            case LogicalKind.Byte:
                Annotate(element, convertedType: 15, logicalTypeId: 10, Integer(8));
                break;
            case LogicalKind.Date:
                Annotate(element, convertedType: 6, logicalTypeId: 6, new ThriftStruct());
                break;
            case LogicalKind.Timestamp:
                var micros = new ThriftStruct();
                micros.Set(2, ThriftType.Struct, new ThriftStruct());
                var timestamp = new ThriftStruct();
                timestamp.Set(1, ThriftType.BooleanTrue, true);
                timestamp.Set(2, ThriftType.Struct, micros);
                Annotate(element, convertedType: 10, logicalTypeId: 8, timestamp);
                break;
            case LogicalKind.Decimal:
                var decimalType = new ThriftStruct();
                decimalType.Set(1, ThriftType.I32, (long)type.Scale);
                decimalType.Set(2, ThriftType.I32, (long)type.Precision);
                Annotate(element, convertedType: 5, logicalTypeId: 5, decimalType);
                element.Set(7, ThriftType.I32, (long)type.Scale);
                element.Set(8, ThriftType.I32, (long)type.Precision);
                break;
        }

        return element;
    }

    private static ThriftStruct Integer(int bitWidth)
    {
        var integer = new ThriftStruct();
        integer.Set(1, ThriftType.Byte, (sbyte)bitWidth);
        integer.Set(2, ThriftType.BooleanTrue, true);
        return integer;
    }

    private static void Annotate(ThriftStruct element, int convertedType, short logicalTypeId, ThriftStruct logicalTypeValue)
    {
        var logicalType = new ThriftStruct();
        logicalType.Set(logicalTypeId, ThriftType.Struct, logicalTypeValue);
        element.Set(6, ThriftType.I32, (long)convertedType);
        element.Set(10, ThriftType.Struct, logicalType);
    }
}
