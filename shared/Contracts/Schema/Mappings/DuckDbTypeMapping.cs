using System.Globalization;
using System.Text.RegularExpressions;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>
/// DuckDB column types (as DuckDB spells them in DESCRIBE, e.g. <c>DECIMAL(18,2)</c>,
/// <c>TIMESTAMP WITH TIME ZONE</c>, <c>VARCHAR[]</c>) to logical types.
/// <list type="bullet">
/// <item>Unsigned integers widen to the next signed type that holds every value (Spark has no
/// unsigned types): UTINYINT→short, USMALLINT→integer, UINTEGER→long, UBIGINT→decimal(20,0).</item>
/// <item>HUGEINT→decimal(38,0); values beyond what the exporter carries (.NET decimal, about 28
/// digits) fail when read rather than lose digits.</item>
/// <item>UUID, JSON and ENUM become strings in DuckDB's own text form.</item>
/// <item>Every TIMESTAMP flavour becomes timestamp (UTC, microseconds). A naive TIMESTAMP is taken
/// as UTC: its wall-clock value is written unchanged, which is what Spark reads back when the
/// session time zone is UTC. TIMESTAMP_NS is truncated to microseconds.</item>
/// <item>Decimals with a scale above 28 are refused: a .NET decimal cannot hold the digits.</item>
/// </list>
/// Anything else (TIME, INTERVAL, LIST, STRUCT, MAP, UNION, BIT, ...) is a <see cref="SchemaException"/>
/// naming the column, so the user can CAST it in the query.
/// </summary>
public static partial class DuckDbTypeMapping
{
    /// <summary>The types a query may return, for error messages and documentation.</summary>
    public const string Supported =
        "BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, UTINYINT, USMALLINT, UINTEGER, UBIGINT, HUGEINT, FLOAT, DOUBLE, DECIMAL(p,s), " +
        "VARCHAR, UUID, JSON, ENUM, BLOB, DATE, TIMESTAMP, TIMESTAMP_S, TIMESTAMP_MS, TIMESTAMP_NS, TIMESTAMP WITH TIME ZONE";

    /// <summary>The precision and scale DuckDB gives a bare DECIMAL.</summary>
    private const int DefaultDecimalPrecision = 18;
    private const int DefaultDecimalScale = 3;

    /// <summary>The largest decimal scale the exporter carries exactly (a .NET decimal's limit).</summary>
    public const int MaxDecimalScale = 28;

    public static LogicalType ToLogical(string duckDbTypeName, string columnName)
    {
        ArgumentNullException.ThrowIfNull(duckDbTypeName);
        var name = duckDbTypeName.Trim().ToUpperInvariant();
        var simple = name switch
        {
            "BOOLEAN" or "BOOL" or "LOGICAL" => LogicalType.Boolean,
            "TINYINT" or "INT1" => LogicalType.Byte,
            "SMALLINT" or "INT2" or "SHORT" or "UTINYINT" => LogicalType.Short,
            "INTEGER" or "INT" or "INT4" or "SIGNED" or "USMALLINT" => LogicalType.Integer,
            "BIGINT" or "INT8" or "LONG" or "UINTEGER" => LogicalType.Long,
            "UBIGINT" => LogicalType.Decimal(20, 0),
            "HUGEINT" or "INT128" => LogicalType.Decimal(38, 0),
            "FLOAT" or "FLOAT4" or "REAL" => LogicalType.Float,
            "DOUBLE" or "FLOAT8" => LogicalType.Double,
            "DECIMAL" or "NUMERIC" => LogicalType.Decimal(DefaultDecimalPrecision, DefaultDecimalScale),
            "VARCHAR" or "TEXT" or "STRING" or "CHAR" or "BPCHAR" or "UUID" or "JSON" or "ENUM" => LogicalType.String,
            "BLOB" or "BYTEA" or "BINARY" or "VARBINARY" => LogicalType.Binary,
            "DATE" => LogicalType.Date,
            "TIMESTAMP" or "DATETIME" or "TIMESTAMP_US" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS"
                or "TIMESTAMP WITH TIME ZONE" or "TIMESTAMPTZ" => LogicalType.Timestamp,
            _ => null,
        };
        if (simple is not null)
        {
            return simple;
        }

        if (name.StartsWith("ENUM(", StringComparison.Ordinal) || VarcharWithLength().IsMatch(name))
        {
            return LogicalType.String;
        }

        var decimalMatch = DecimalWithPrecision().Match(name);
        if (decimalMatch.Success)
        {
            var precision = int.Parse(decimalMatch.Groups[1].Value, CultureInfo.InvariantCulture);
            var scale = decimalMatch.Groups[2].Success ? int.Parse(decimalMatch.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
            return ToDecimal(precision, scale, duckDbTypeName, columnName);
        }

        throw Unsupported(duckDbTypeName, columnName);
    }

    private static LogicalType ToDecimal(int precision, int scale, string typeName, string columnName)
    {
        if (precision is < 1 or > LogicalType.MaxDecimalPrecision || scale < 0 || scale > precision)
        {
            throw Unsupported(typeName, columnName);
        }

        if (scale > MaxDecimalScale)
        {
            throw new SchemaException($"column '{columnName}' has type {typeName} whose scale exceeds {MaxDecimalScale}, which the exporter cannot carry exactly; CAST it to a DECIMAL with a scale of at most {MaxDecimalScale}");
        }

        return LogicalType.Decimal(precision, scale);
    }

    private static SchemaException Unsupported(string typeName, string columnName) =>
        new($"column '{columnName}' has type {typeName} which cannot be exported (supported: {Supported}); CAST it to one of these in the query");

    [GeneratedRegex(@"^(?:DECIMAL|NUMERIC)\s*\(\s*(\d{1,3})\s*(?:,\s*(\d{1,3})\s*)?\)$")]
    private static partial Regex DecimalWithPrecision();

    [GeneratedRegex(@"^(?:VARCHAR|CHAR|BPCHAR|TEXT|STRING)\s*\(\s*\d+\s*\)$")]
    private static partial Regex VarcharWithLength();
}
