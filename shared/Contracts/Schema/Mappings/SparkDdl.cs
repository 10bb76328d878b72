using System.Globalization;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>Logical types as Spark SQL DDL, for CREATE TABLE statements and Spark's schema option.</summary>
public static class SparkDdl
{
    public static string ColumnType(LogicalType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            LogicalKind.String => "STRING",
            LogicalKind.Long => "BIGINT",
            LogicalKind.Integer => "INT",
            LogicalKind.Short => "SMALLINT",
            LogicalKind.Byte => "TINYINT",
            LogicalKind.Double => "DOUBLE",
            LogicalKind.Float => "FLOAT",
            LogicalKind.Boolean => "BOOLEAN",
            LogicalKind.Binary => "BINARY",
            LogicalKind.Date => "DATE",
            LogicalKind.Timestamp => "TIMESTAMP",
            LogicalKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({type.Precision},{type.Scale})"),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no Spark DDL type for this kind"),
        };
    }

    /// <summary>"`id` BIGINT NOT NULL, `name` STRING": the column list of a CREATE TABLE or a DDL schema string.</summary>
    public static string Columns(TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return string.Join(", ", schema.Select(c => $"{QuoteIdentifier(c.Name)} {ColumnType(c.Type)}{(c.Nullable ? string.Empty : " NOT NULL")}"));
    }

    /// <summary>A Spark SQL identifier in backticks, with backticks inside it doubled.</summary>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return $"`{name.Replace("`", "``", StringComparison.Ordinal)}`";
    }
}
