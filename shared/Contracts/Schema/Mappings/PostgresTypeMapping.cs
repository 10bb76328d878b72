using System.Globalization;
using System.Text.RegularExpressions;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>
/// PostgreSQL column types, as Npgsql names them (<c>numeric(10, 2)</c>, <c>character varying(20)</c>,
/// <c>timestamp(3) with time zone</c>), to logical types.
/// <list type="bullet">
/// <item>An unconstrained <c>numeric</c> becomes decimal(38,18), as Spark's JDBC reader does: values
/// are rounded (half to even) to 18 decimal places, and a value with more than 20 integer digits
/// fails when read.</item>
/// <item><c>numeric(p,s)</c> keeps its precision and scale; p above 38, a negative scale, a scale
/// above p or above 28 (a .NET decimal's limit) is refused.</item>
/// <item>text, character varying, character, name, uuid, json and jsonb become strings (uuid in its
/// lowercase hyphenated form, json as the server's text).</item>
/// <item>timestamp and timestamptz both become timestamp (UTC, microseconds); a timestamp without
/// time zone is taken as UTC. Infinite values fail when read.</item>
/// </list>
/// Anything else (arrays, time, interval, money, inet, ranges, enums, ...) is a
/// <see cref="SchemaException"/> naming the column, so the user can cast it in the query.
/// </summary>
public static partial class PostgresTypeMapping
{
    public const string Supported =
        "boolean, smallint, integer, bigint, real, double precision, numeric(p,s), numeric, text, character varying, character, name, " +
        "uuid, json, jsonb, bytea, date, timestamp, timestamp with time zone";

    /// <summary>The largest decimal scale the exporter carries exactly (a .NET decimal's limit).</summary>
    public const int MaxDecimalScale = 28;

    /// <summary>The type an unconstrained numeric is exported as.</summary>
    public static LogicalType UnconstrainedNumeric { get; } = LogicalType.Decimal(38, 18);

    public static LogicalType ToLogical(string dataTypeName, string columnName)
    {
        ArgumentNullException.ThrowIfNull(dataTypeName);
        var match = TypeName().Match(dataTypeName.Trim().ToLowerInvariant());
        if (!match.Success)
        {
            throw Unsupported(dataTypeName, columnName);
        }

        var baseName = match.Groups["tail"].Success
            ? $"{match.Groups["head"].Value} {match.Groups["tail"].Value}"
            : match.Groups["head"].Value;
        var modifiers = match.Groups["modifiers"];

        var type = baseName switch
        {
            "boolean" or "bool" => LogicalType.Boolean,
            "smallint" or "int2" => LogicalType.Short,
            "integer" or "int" or "int4" => LogicalType.Integer,
            "bigint" or "int8" => LogicalType.Long,
            "real" or "float4" => LogicalType.Float,
            "double precision" or "float8" => LogicalType.Double,
            "numeric" or "decimal" => modifiers.Success ? Numeric(modifiers.Value, dataTypeName, columnName) : UnconstrainedNumeric,
            "text" or "character varying" or "varchar" or "character" or "bpchar" or "name" or "uuid" or "json" or "jsonb" => LogicalType.String,
            "bytea" => LogicalType.Binary,
            "date" => LogicalType.Date,
            "timestamp" or "timestamp without time zone" or "timestamp with time zone" or "timestamptz" => LogicalType.Timestamp,
            _ => null,
        };
        return type ?? throw Unsupported(dataTypeName, columnName);
    }

    private static LogicalType Numeric(string modifiers, string typeName, string columnName)
    {
        var parts = modifiers.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 2
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var precision)
            || !int.TryParse(parts.Length == 2 ? parts[1] : "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var scale))
        {
            throw Unsupported(typeName, columnName);
        }

        if (precision is < 1 or > LogicalType.MaxDecimalPrecision)
        {
            throw new SchemaException($"column '{columnName}' has type {typeName} whose precision exceeds {LogicalType.MaxDecimalPrecision} digits, which Delta cannot store; cast it to numeric(38,s) or double precision in the query");
        }

        if (scale < 0 || scale > precision || scale > MaxDecimalScale)
        {
            throw new SchemaException($"column '{columnName}' has type {typeName} whose scale is outside 0..min(precision, {MaxDecimalScale}), which the exporter cannot carry exactly; cast it to numeric(p,s) with such a scale in the query");
        }

        return LogicalType.Decimal(precision, scale);
    }

    private static SchemaException Unsupported(string typeName, string columnName) =>
        new($"column '{columnName}' has type {typeName} which cannot be exported (supported: {Supported}); cast it to one of these in the query");

    /// <summary>"head(modifiers) tail", e.g. "timestamp(3) with time zone"; arrays ("integer[]") do not match.</summary>
    [GeneratedRegex(@"^(?<head>[a-z][a-z0-9_ ]*?)\s*(?:\((?<modifiers>[^()]*)\))?(?:\s+(?<tail>with(?:out)? time zone))?$")]
    private static partial Regex TypeName();
}
