using System.Globalization;
using System.Text.RegularExpressions;
using Handoff.Shared.Input;

namespace Handoff.Shared.Schema;

/// <summary>The kinds of column the manifest, the Delta table and Spark agree on.</summary>
public enum LogicalKind
{
    String,
    Long,
    Integer,
    Short,
    Byte,
    Double,
    Float,
    Boolean,
    Binary,
    Date,
    Timestamp,
    Decimal,
}

/// <summary>
/// A column type in the Spark/Delta vocabulary (<c>string long integer ... decimal(p,s)</c>).
/// Its text form is exactly Spark's simpleString, so that a manifest schema compares directly
/// with a Delta schemaString or a Spark DataFrame schema.
/// </summary>
public sealed partial record LogicalType
{
    public const int MaxDecimalPrecision = 38;

    private LogicalType(LogicalKind kind, int precision = 0, int scale = 0)
    {
        Kind = kind;
        Precision = precision;
        Scale = scale;
    }

    public LogicalKind Kind { get; }

    /// <summary>Decimal precision; 0 for other kinds.</summary>
    public int Precision { get; }

    /// <summary>Decimal scale; 0 for other kinds.</summary>
    public int Scale { get; }

    public static LogicalType String { get; } = new(LogicalKind.String);
    public static LogicalType Long { get; } = new(LogicalKind.Long);
    public static LogicalType Integer { get; } = new(LogicalKind.Integer);
    public static LogicalType Short { get; } = new(LogicalKind.Short);
    public static LogicalType Byte { get; } = new(LogicalKind.Byte);
    public static LogicalType Double { get; } = new(LogicalKind.Double);
    public static LogicalType Float { get; } = new(LogicalKind.Float);
    public static LogicalType Boolean { get; } = new(LogicalKind.Boolean);
    public static LogicalType Binary { get; } = new(LogicalKind.Binary);
    public static LogicalType Date { get; } = new(LogicalKind.Date);
    public static LogicalType Timestamp { get; } = new(LogicalKind.Timestamp);

    public static LogicalType Decimal(int precision, int scale)
    {
        if (precision is < 1 or > MaxDecimalPrecision)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"decimal precision must be between 1 and {MaxDecimalPrecision}");
        }

        if (scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "decimal scale must be between 0 and the precision");
        }

        return new LogicalType(LogicalKind.Decimal, precision, scale);
    }

    /// <summary>Parses Spark's simpleString form; returns false for anything else.</summary>
    public static bool TryParse(string? text, out LogicalType? type)
    {
        type = text?.Trim().ToLowerInvariant() switch
        {
            "string" => String,
            "long" or "bigint" => Long,
            "integer" or "int" => Integer,
            "short" or "smallint" => Short,
            "byte" or "tinyint" => Byte,
            "double" => Double,
            "float" or "real" => Float,
            "boolean" => Boolean,
            "binary" => Binary,
            "date" => Date,
            "timestamp" => Timestamp,
            "decimal" => Decimal(10, 0),
            null => null,
            var other => ParseDecimal(other),
        };
        return type is not null;
    }

    public static LogicalType Parse(string text) =>
        TryParse(text, out var type) ? type! : throw new InputFormatException($"'{text}' is not a supported column type (expected one of: string long integer short byte double float boolean binary date timestamp decimal(p,s))");

    public override string ToString() => Kind switch
    {
        LogicalKind.String => "string",
        LogicalKind.Long => "long",
        LogicalKind.Integer => "integer",
        LogicalKind.Short => "short",
        LogicalKind.Byte => "byte",
        LogicalKind.Double => "double",
        LogicalKind.Float => "float",
        LogicalKind.Boolean => "boolean",
        LogicalKind.Binary => "binary",
        LogicalKind.Date => "date",
        LogicalKind.Timestamp => "timestamp",
        LogicalKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})"),
        _ => Kind.ToString(),
    };

    private static LogicalType? ParseDecimal(string text)
    {
        var match = DecimalPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var precision = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var scale = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return precision is >= 1 and <= MaxDecimalPrecision && scale >= 0 && scale <= precision
            ? Decimal(precision, scale)
            : null;
    }

    [GeneratedRegex(@"^decimal\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$")]
    private static partial Regex DecimalPattern();
}
