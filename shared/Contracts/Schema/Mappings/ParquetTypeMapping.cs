using Parquet.Schema;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>
/// Logical types as Parquet.Net fields, the form in which our reader (Parquet.Net) expects the
/// columns of files we wrote; the writer's footer (Formats/Parquet/Writing/ParquetSchemaElements)
/// declares the same types, chosen so that Spark and Databricks read our files as-is:
/// byte and short are INT32 with INT(8|16, signed); integers are signed; strings are UTF8
/// (STRING); binary is a plain BYTE_ARRAY; dates are INT32 DATE; timestamps are INT64
/// TIMESTAMP(MICROS, isAdjustedToUTC=true), never INT96 nor millis; decimals keep their precision
/// and scale (INT32 up to 9 digits, INT64 up to 18, a 16-byte FIXED_LEN_BYTE_ARRAY above).
/// </summary>
public static class ParquetTypeMapping
{
    /// <summary>The field a file we write declares for this column.</summary>
    public static DataField ToField(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Type.Kind switch
        {
            LogicalKind.Timestamp => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: column.Nullable),
            LogicalKind.Decimal => new DecimalDataField(column.Name, column.Type.Precision, column.Type.Scale, forceByteArrayEncoding: false, isNullable: column.Nullable),
            _ => new DataField(column.Name, PhysicalClrType(column.Type), isNullable: column.Nullable),
        };
    }

    public static ParquetSchema ToSchema(TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new ParquetSchema(schema.Select(ToField));
    }

    /// <summary>The widest decimals stored as INT32 and as INT64, as the Parquet spec allows and Spark writes them.</summary>
    internal const int MaxInt32DecimalPrecision = 9;

    internal const int MaxInt64DecimalPrecision = 18;

    /// <summary>The CLR type we hand Parquet.Net values of (not nullable); it keeps strings and binary as ReadOnlyMemory internally.</summary>
    public static Type PhysicalClrType(LogicalType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            LogicalKind.String => typeof(string),
            LogicalKind.Long => typeof(long),
            LogicalKind.Integer => typeof(int),
            LogicalKind.Short => typeof(short),
            LogicalKind.Byte => typeof(sbyte),
            LogicalKind.Double => typeof(double),
            LogicalKind.Float => typeof(float),
            LogicalKind.Boolean => typeof(bool),
            LogicalKind.Binary => typeof(byte[]),
            LogicalKind.Date => typeof(DateOnly),
            LogicalKind.Timestamp => typeof(DateTime),
            LogicalKind.Decimal => typeof(decimal),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no Parquet type for this kind"),
        };
    }
}
