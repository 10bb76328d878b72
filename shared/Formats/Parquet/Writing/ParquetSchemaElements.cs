using Handoff.Shared.Formats.Parquet.Thrift;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

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
    public static List<object> Create(TableSchema schema)
    {
        var root = new ThriftStruct();
        root.Set(Ids.SchemaElement.Name, ThriftType.Binary, "schema"u8.ToArray());
        root.Set(Ids.SchemaElement.NumChildren, ThriftType.I32, (long)schema.Count);
        var elements = new List<object>(schema.Count + 1) { root };
        elements.AddRange(schema.Select(Element));
        return elements;
    }

    public static int PhysicalType(LogicalType type) => type.Kind switch
    {
        LogicalKind.Boolean => Ids.Type.Boolean,
        LogicalKind.Long or LogicalKind.Timestamp => Ids.Type.Int64,
        LogicalKind.Integer or LogicalKind.Short or LogicalKind.Byte or LogicalKind.Date => Ids.Type.Int32,
        LogicalKind.Float => Ids.Type.Float,
        LogicalKind.Double => Ids.Type.Double,
        LogicalKind.String or LogicalKind.Binary => Ids.Type.ByteArray,
        LogicalKind.Decimal when type.Precision <= ParquetTypeMapping.MaxInt32DecimalPrecision => Ids.Type.Int32,
        LogicalKind.Decimal when type.Precision <= ParquetTypeMapping.MaxInt64DecimalPrecision => Ids.Type.Int64,
        LogicalKind.Decimal => Ids.Type.FixedLenByteArray,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no Parquet type for this kind"),
    };

    private static ThriftStruct Element(Column column)
    {
        var type = column.Type;
        var element = new ThriftStruct();
        element.Set(Ids.SchemaElement.Type, ThriftType.I32, (long)PhysicalType(type));
        if (PhysicalType(type) == Ids.Type.FixedLenByteArray)
        {
            element.Set(Ids.SchemaElement.TypeLength, ThriftType.I32, (long)WideDecimalEncoder.ByteWidth);
        }

        element.Set(Ids.SchemaElement.RepetitionType, ThriftType.I32, (long)(column.Nullable ? Ids.Repetition.Optional : Ids.Repetition.Required));
        element.Set(Ids.SchemaElement.Name, ThriftType.Binary, System.Text.Encoding.UTF8.GetBytes(column.Name));
        switch (type.Kind)
        {
            case LogicalKind.String:
                Annotate(element, Ids.ConvertedType.Utf8, Ids.LogicalType.String, new ThriftStruct());
                break;
            case LogicalKind.Long:
                Annotate(element, Ids.ConvertedType.Int64, Ids.LogicalType.Integer, Integer(64));
                break;
            case LogicalKind.Integer:
                Annotate(element, Ids.ConvertedType.Int32, Ids.LogicalType.Integer, Integer(32));
                break;
            case LogicalKind.Short:
                Annotate(element, Ids.ConvertedType.Int16, Ids.LogicalType.Integer, Integer(16));
                break;
            case LogicalKind.Byte:
                Annotate(element, Ids.ConvertedType.Int8, Ids.LogicalType.Integer, Integer(8));
                break;
            case LogicalKind.Date:
                Annotate(element, Ids.ConvertedType.Date, Ids.LogicalType.Date, new ThriftStruct());
                break;
            case LogicalKind.Timestamp:
                var micros = new ThriftStruct();
                micros.Set(Ids.TimeUnit.Micros, ThriftType.Struct, new ThriftStruct());
                var timestamp = new ThriftStruct();
                timestamp.Set(Ids.TimestampType.IsAdjustedToUtc, ThriftType.BooleanTrue, true);
                timestamp.Set(Ids.TimestampType.Unit, ThriftType.Struct, micros);
                Annotate(element, Ids.ConvertedType.TimestampMicros, Ids.LogicalType.Timestamp, timestamp);
                break;
            case LogicalKind.Decimal:
                var decimalType = new ThriftStruct();
                decimalType.Set(Ids.DecimalType.Scale, ThriftType.I32, (long)type.Scale);
                decimalType.Set(Ids.DecimalType.Precision, ThriftType.I32, (long)type.Precision);
                Annotate(element, Ids.ConvertedType.Decimal, Ids.LogicalType.Decimal, decimalType);
                element.Set(Ids.SchemaElement.Scale, ThriftType.I32, (long)type.Scale);
                element.Set(Ids.SchemaElement.Precision, ThriftType.I32, (long)type.Precision);
                break;
        }

        return element;
    }

    private static ThriftStruct Integer(int bitWidth)
    {
        var integer = new ThriftStruct();
        integer.Set(Ids.IntType.BitWidth, ThriftType.Byte, (sbyte)bitWidth);
        integer.Set(Ids.IntType.IsSigned, ThriftType.BooleanTrue, true);
        return integer;
    }

    private static void Annotate(ThriftStruct element, int convertedType, short logicalTypeId, ThriftStruct logicalTypeValue)
    {
        var logicalType = new ThriftStruct();
        logicalType.Set(logicalTypeId, ThriftType.Struct, logicalTypeValue);
        element.Set(Ids.SchemaElement.ConvertedType, ThriftType.I32, (long)convertedType);
        element.Set(Ids.SchemaElement.LogicalType, ThriftType.Struct, logicalType);
    }
}
