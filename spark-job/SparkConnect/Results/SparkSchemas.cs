using System.Globalization;
using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Results;

/// <summary>Spark Connect <see cref="DataType"/>s as columns and type names.</summary>
public static class SparkSchemas
{
    /// <summary>The fields of a struct schema (what AnalyzePlan returns for a relation).</summary>
    public static IReadOnlyList<SparkColumn> Columns(DataType schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.KindCase != DataType.KindOneofCase.Struct)
        {
            throw new InvalidDataException($"Spark returned a {TypeName(schema)} schema where a struct was expected");
        }

        return schema.Struct.Fields.Select(f => new SparkColumn(f.Name, TypeName(f.DataType), f.Nullable)).ToList();
    }

    /// <summary>Spark's JSON type name (DataType.typeName / catalogString with JSON names).</summary>
    public static string TypeName(DataType? type) => type?.KindCase switch
    {
        DataType.KindOneofCase.Null => "void",
        DataType.KindOneofCase.Binary => "binary",
        DataType.KindOneofCase.Boolean => "boolean",
        DataType.KindOneofCase.Byte => "byte",
        DataType.KindOneofCase.Short => "short",
        DataType.KindOneofCase.Integer => "integer",
        DataType.KindOneofCase.Long => "long",
        DataType.KindOneofCase.Float => "float",
        DataType.KindOneofCase.Double => "double",
        DataType.KindOneofCase.Decimal => string.Create(CultureInfo.InvariantCulture, $"decimal({(type.Decimal.HasPrecision ? type.Decimal.Precision : 10)},{(type.Decimal.HasScale ? type.Decimal.Scale : 0)})"),
        DataType.KindOneofCase.String => "string",
        DataType.KindOneofCase.Char => string.Create(CultureInfo.InvariantCulture, $"char({type.Char.Length})"),
        DataType.KindOneofCase.VarChar => string.Create(CultureInfo.InvariantCulture, $"varchar({type.VarChar.Length})"),
        DataType.KindOneofCase.Date => "date",
        DataType.KindOneofCase.Timestamp => "timestamp",
        DataType.KindOneofCase.TimestampNtz => "timestamp_ntz",
        DataType.KindOneofCase.CalendarInterval => "interval",
        DataType.KindOneofCase.YearMonthInterval => "interval year to month",
        DataType.KindOneofCase.DayTimeInterval => "interval day to second",
        DataType.KindOneofCase.Array => $"array<{TypeName(type.Array.ElementType)}>",
        DataType.KindOneofCase.Map => $"map<{TypeName(type.Map.KeyType)},{TypeName(type.Map.ValueType)}>",
        DataType.KindOneofCase.Struct => $"struct<{string.Join(",", type.Struct.Fields.Select(f => $"{f.Name}:{TypeName(f.DataType)}"))}>",
        DataType.KindOneofCase.Variant => "variant",
        DataType.KindOneofCase.Udt => type.Udt.Type,
        DataType.KindOneofCase.Unparsed => type.Unparsed.DataTypeString,
        _ => "unknown",
    };
}
