using Avro;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>
/// Avro file → logical: the schema of an Avro container file another tool wrote, as Apache.Avro
/// reads it from the file header, in the logical types our Avro reader
/// (Formats/Avro/AvroFieldPlan) then reads the file as, which are Spark's (its Avro data source
/// reads int as IntegerType, long as LongType, timestamp-millis and -micros as TimestampType, date
/// as DateType, bytes with the decimal logical type as DecimalType). A field whose type is the
/// union of null and one type is nullable. Records, arrays, maps, enums, fixed, other unions and
/// logical types with no lossless logical type (time-*, local-timestamp-*, decimal on fixed) are
/// refused, naming the column.
/// </summary>
public static class AvroFileTypeMapping
{
    public static TableSchema ToSchema(Avro.Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema is not RecordSchema record)
        {
            throw new SchemaException($"the Avro file's schema is a {schema.Tag}, not a record of columns");
        }

        return new TableSchema(record.Fields.Select(ToColumn));
    }

    private static Column ToColumn(Field field)
    {
        var type = field.Schema;
        var nullable = false;
        if (type is UnionSchema union)
        {
            var others = union.Schemas.Where(s => s.Tag != Avro.Schema.Type.Null).ToList();
            if (union.Count != 2 || others.Count != 1)
            {
                throw new SchemaException($"column '{field.Name}' is the Avro union {union} in the file; only a union of null and one type can be loaded");
            }

            (type, nullable) = (others[0], true);
        }

        return new Column(field.Name, ToType(field.Name, type), nullable);
    }

    private static LogicalType ToType(string name, Avro.Schema type)
    {
        if (type is LogicalSchema logical)
        {
            return (logical.LogicalTypeName, logical.BaseSchema.Tag) switch
            {
                ("date", Avro.Schema.Type.Int) => LogicalType.Date,
                ("timestamp-micros" or "timestamp-millis", Avro.Schema.Type.Long) => LogicalType.Timestamp,
                ("uuid", Avro.Schema.Type.String) => LogicalType.String,
                ("decimal", Avro.Schema.Type.Bytes) => Decimal(name, logical),
                _ => throw new SchemaException($"column '{name}' is {logical.BaseSchema.Tag} with the logical type {logical.LogicalTypeName} in the Avro file, which has no lossless type here"),
            };
        }

        return type.Tag switch
        {
            Avro.Schema.Type.String => LogicalType.String,
            Avro.Schema.Type.Long => LogicalType.Long,
            Avro.Schema.Type.Int => LogicalType.Integer,
            Avro.Schema.Type.Double => LogicalType.Double,
            Avro.Schema.Type.Float => LogicalType.Float,
            Avro.Schema.Type.Boolean => LogicalType.Boolean,
            Avro.Schema.Type.Bytes => LogicalType.Binary,
            var other => throw new SchemaException($"column '{name}' is an Avro {other} in the file; only flat columns of primitive types (and date, timestamp, decimal on bytes) can be loaded"),
        };
    }

    private static LogicalType Decimal(string name, LogicalSchema logical)
    {
        var precision = int.TryParse(logical.GetProperty("precision"), out var p) ? p : 0;
        var scale = logical.GetProperty("scale") is { } text ? (int.TryParse(text, out var s) ? s : -1) : 0;
        return precision is >= 1 and <= LogicalType.MaxDecimalPrecision && scale >= 0 && scale <= precision
            ? LogicalType.Decimal(precision, scale)
            : throw new SchemaException($"column '{name}' is decimal({precision},{scale}) in the Avro file, which Spark cannot hold");
    }
}
