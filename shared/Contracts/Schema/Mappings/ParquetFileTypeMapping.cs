using Parquet.Schema;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>
/// Parquet file → logical: the schema of a Parquet file another tool wrote (Amperity, DuckDB,
/// Spark), as Parquet.Net reads its footer, in the logical types our Parquet reader
/// (Formats/Parquet/ParquetRowBatchReader) then reads the file as. A column is nullable when
/// the file declares it OPTIONAL. INT96 and both timestamp adjustments read as timestamp (naive
/// timestamps are taken as UTC, as the DuckDB source takes them); unsigned integers, times,
/// intervals and nested columns are refused, naming the column, because no logical type holds
/// them without a lossy guess.
/// </summary>
public static class ParquetFileTypeMapping
{
    public static TableSchema ToSchema(ParquetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new TableSchema(schema.Fields.Select(ToColumn));
    }

    private static Column ToColumn(Field field)
    {
        if (field is not DataField data || data.IsArray)
        {
            throw new SchemaException($"column '{field.Name}' is a nested {field.SchemaType} in the Parquet file; only flat columns can be loaded");
        }

        return new Column(field.Name, ToType(data), data.IsNullable);
    }

    private static LogicalType ToType(DataField field)
    {
        if (field is DecimalDataField decimalField)
        {
            return decimalField.Precision is >= 1 and <= LogicalType.MaxDecimalPrecision && decimalField.Scale >= 0 && decimalField.Scale <= decimalField.Precision
                ? LogicalType.Decimal(decimalField.Precision, decimalField.Scale)
                : throw new SchemaException($"column '{field.Name}' is decimal({decimalField.Precision},{decimalField.Scale}) in the Parquet file, which Spark cannot hold");
        }

        if (field is DateTimeDataField { DateTimeFormat: DateTimeFormat.Date })
        {
            return LogicalType.Date;
        }

        var type = field.ClrType;
        return type switch
        {
            _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => LogicalType.String,
            _ when type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) => LogicalType.Binary,
            _ when type == typeof(long) => LogicalType.Long,
            _ when type == typeof(int) => LogicalType.Integer,
            _ when type == typeof(short) => LogicalType.Short,
            _ when type == typeof(sbyte) => LogicalType.Byte,
            _ when type == typeof(double) => LogicalType.Double,
            _ when type == typeof(float) => LogicalType.Float,
            _ when type == typeof(bool) => LogicalType.Boolean,
            _ when type == typeof(DateOnly) => LogicalType.Date,
            _ when type == typeof(DateTime) => LogicalType.Timestamp,
            _ when type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong) =>
                throw new SchemaException($"column '{field.Name}' is an unsigned integer ({type.Name}) in the Parquet file; Spark has no unsigned types (cast it to a signed or decimal type where the file is written)"),
            _ => throw new SchemaException($"column '{field.Name}' is {type.Name} in the Parquet file, which has no Spark/Delta type this project loads"),
        };
    }
}
