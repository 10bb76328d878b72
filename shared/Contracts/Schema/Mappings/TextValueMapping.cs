using System.Buffers.Text;
using System.Globalization;
using Handoff.Shared.Input;
using Handoff.Shared.Schema.Decimals;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>
/// Values as text in CSV and JSON files, in the invariant culture: integers plain; doubles and
/// floats in their shortest round-trip form with "NaN", "Infinity" and "-Infinity"; booleans
/// true/false; decimals with exactly <c>scale</c> digits after the point; dates yyyy-MM-dd;
/// timestamps yyyy-MM-ddTHH:mm:ss.ffffffZ (UTC, microseconds); binary as base64. Formatting
/// writes UTF-8; parsing is strict and throws <see cref="FormatException"/> naming the type.
/// </summary>
public static class TextValueMapping
{
    /// <summary>Room enough for any formatted value but a string or binary.</summary>
    public const int MaxFormattedLength = 48;

    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
    private const long UnixEpochTicks = 621355968000000000;

    public static int FormatLong(long value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw TooSmall();

    // Since .NET Core 3.0 the default format is the shortest text that round-trips, the same as
    // "R", and about twice as fast.
    public static int FormatDouble(double value, Span<byte> destination) =>
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture) ? written : throw TooSmall();

    public static int FormatFloat(float value, Span<byte> destination) =>
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture) ? written : throw TooSmall();

    public static int FormatBoolean(bool value, Span<byte> destination)
    {
        var text = value ? "true"u8 : "false"u8;
        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>Writes exactly <paramref name="scale"/> digits after the point; throws <see cref="ArgumentException"/> if the value does not fit decimal(precision, scale).</summary>
    public static int FormatDecimal(decimal value, int precision, int scale, Span<byte> destination)
    {
        if (!DecimalScaling.TryGetUnscaled(value, precision, scale, out var unscaled))
        {
            throw new InputArgumentException(string.Create(CultureInfo.InvariantCulture, $"{value} does not fit decimal({precision},{scale}) without rounding"), nameof(value));
        }

        if (value.Scale == scale)
        {
            return value.TryFormat(destination, out var direct, default, CultureInfo.InvariantCulture) ? direct : throw TooSmall();
        }

        var position = 0;
        if (unscaled < 0)
        {
            destination[position++] = (byte)'-';
        }

        var magnitude = unscaled < 0 ? (UInt128)(-unscaled) : (UInt128)unscaled;
        Span<byte> digits = stackalloc byte[40];
        if (!magnitude.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture))
        {
            throw TooSmall();
        }

        // Pad to at least one digit before the point, then split the digits at the point.
        var integerDigits = Math.Max(count - scale, 0);
        if (integerDigits == 0)
        {
            destination[position++] = (byte)'0';
        }
        else
        {
            digits[..integerDigits].CopyTo(destination[position..]);
            position += integerDigits;
        }

        if (scale > 0)
        {
            destination[position++] = (byte)'.';
            var zeros = scale - (count - integerDigits);
            destination.Slice(position, zeros).Fill((byte)'0');
            position += zeros;
            digits[integerDigits..count].CopyTo(destination[position..]);
            position += count - integerDigits;
        }

        return position;
    }

    public static int FormatDate(DateOnly value, Span<byte> destination)
    {
        // One calendar computation for all three parts (Year, Month and Day would each redo it).
        value.Deconstruct(out var year, out var month, out var day);
        WriteDigits(destination, year, 4);
        destination[4] = (byte)'-';
        WriteDigits(destination[5..], month, 2);
        destination[7] = (byte)'-';
        WriteDigits(destination[8..], day, 2);
        return 10;
    }

    /// <summary>yyyy-MM-ddTHH:mm:ss.ffffffZ; ticks below a microsecond are dropped.</summary>
    public static int FormatTimestamp(DateTime value, Span<byte> destination)
    {
        FormatDate(DateOnly.FromDateTime(value), destination);
        destination[10] = (byte)'T';
        WriteDigits(destination[11..], value.Hour, 2);
        destination[13] = (byte)':';
        WriteDigits(destination[14..], value.Minute, 2);
        destination[16] = (byte)':';
        WriteDigits(destination[17..], value.Second, 2);
        destination[19] = (byte)'.';
        WriteDigits(destination[20..], (int)(value.Ticks % TimeSpan.TicksPerSecond / 10), 6);
        destination[26] = (byte)'Z';
        return 27;
    }

    /// <summary>The text of a value for slow paths and messages; null for SQL NULL.</summary>
    public static string? Format(LogicalType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (value is null)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        int written;
        switch (type.Kind)
        {
            case LogicalKind.String:
                return (string)value;
            case LogicalKind.Binary:
                return Convert.ToBase64String((byte[])value);
            case LogicalKind.Long:
                written = FormatLong((long)value, buffer);
                break;
            case LogicalKind.Integer:
                written = FormatLong((int)value, buffer);
                break;
            case LogicalKind.Short:
                written = FormatLong((short)value, buffer);
                break;
            case LogicalKind.Byte:
                written = FormatLong((sbyte)value, buffer);
                break;
            case LogicalKind.Double:
                written = FormatDouble((double)value, buffer);
                break;
            case LogicalKind.Float:
                written = FormatFloat((float)value, buffer);
                break;
            case LogicalKind.Boolean:
                written = FormatBoolean((bool)value, buffer);
                break;
            case LogicalKind.Decimal:
                written = FormatDecimal((decimal)value, type.Precision, type.Scale, buffer);
                break;
            case LogicalKind.Date:
                written = FormatDate((DateOnly)value, buffer);
                break;
            case LogicalKind.Timestamp:
                written = FormatTimestamp((DateTime)value, buffer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no text form for this kind");
        }

        return System.Text.Encoding.UTF8.GetString(buffer[..written]);
    }

    public static long ParseLong(ReadOnlySpan<char> text) =>
        long.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out var value) ? value : throw NotA(text, "long");

    public static int ParseInteger(ReadOnlySpan<char> text) =>
        int.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out var value) ? value : throw NotA(text, "integer");

    public static short ParseShort(ReadOnlySpan<char> text) =>
        short.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out var value) ? value : throw NotA(text, "short");

    public static sbyte ParseByte(ReadOnlySpan<char> text) =>
        sbyte.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out var value) ? value : throw NotA(text, "byte");

    public static double ParseDouble(ReadOnlySpan<char> text) =>
        double.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out var value) ? value : throw NotA(text, "double");

    public static float ParseFloat(ReadOnlySpan<char> text) =>
        float.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out var value) ? value : throw NotA(text, "float");

    public static bool ParseBoolean(ReadOnlySpan<char> text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw NotA(text, "boolean"),
    };

    /// <summary>A plain decimal ("-12.5"): no exponent, at most <paramref name="scale"/> decimal places, at most precision digits in all. The result carries the column's scale.</summary>
    public static decimal ParseDecimal(ReadOnlySpan<char> text, int precision, int scale)
    {
        var position = 0;
        var negative = false;
        if (position < text.Length && text[position] is '-' or '+')
        {
            negative = text[position] == '-';
            position++;
        }

        UInt128 magnitude = 0;
        var integerDigits = 0;
        var fractionDigits = 0;
        var anyDigit = false;
        var seenPoint = false;
        for (; position < text.Length; position++)
        {
            var c = text[position];
            if (c == '.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }

            if (c is < '0' or > '9')
            {
                throw NotA(text, $"decimal({precision},{scale})");
            }

            anyDigit = true;
            if (seenPoint)
            {
                if (++fractionDigits > scale)
                {
                    throw NotA(text, $"decimal({precision},{scale})");
                }
            }
            else if (integerDigits > 0 || c != '0')
            {
                // Leading zeros are not significant digits.
                if (++integerDigits > precision - scale)
                {
                    throw NotA(text, $"decimal({precision},{scale})");
                }
            }

            magnitude = (magnitude * 10) + (uint)(c - '0');
        }

        if (!anyDigit)
        {
            throw NotA(text, $"decimal({precision},{scale})");
        }

        magnitude *= DecimalScaling.PowerOfTen(scale - fractionDigits);
        return DecimalScaling.TryCreate(magnitude, negative, scale, out var value)
            ? value
            : throw new InputFormatException($"'{Shown(text)}' has more significant digits than .NET's decimal can hold (28)");
    }

    public static DateOnly ParseDate(ReadOnlySpan<char> text) =>
        TryParseDate(text, out var value) ? value : throw NotA(text, "date (yyyy-MM-dd)");

    /// <summary>yyyy-MM-ddTHH:mm:ss with an optional fraction of up to 6 digits, then Z.</summary>
    public static DateTime ParseTimestamp(ReadOnlySpan<char> text) =>
        TryParseTimestamp(text, out var value) ? value : throw NotA(text, "timestamp (yyyy-MM-ddTHH:mm:ss.ffffffZ)");

    public static byte[] ParseBinary(ReadOnlySpan<char> text)
    {
        var buffer = new byte[(text.Length / 4 * 3) + 3];
        return Convert.TryFromBase64Chars(text, buffer, out var written) ? buffer[..written] : throw NotA(text, "binary (base64)");
    }

    /// <summary>The value of a text for slow paths; throws <see cref="FormatException"/> naming the type.</summary>
    public static object Parse(LogicalType type, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            LogicalKind.String => text.ToString(),
            LogicalKind.Long => ParseLong(text),
            LogicalKind.Integer => ParseInteger(text),
            LogicalKind.Short => ParseShort(text),
            LogicalKind.Byte => ParseByte(text),
            LogicalKind.Double => ParseDouble(text),
            LogicalKind.Float => ParseFloat(text),
            LogicalKind.Boolean => ParseBoolean(text),
            LogicalKind.Binary => ParseBinary(text),
            LogicalKind.Date => ParseDate(text),
            LogicalKind.Timestamp => ParseTimestamp(text),
            LogicalKind.Decimal => ParseDecimal(text, type.Precision, type.Scale),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no text form for this kind"),
        };
    }

    private static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly value)
    {
        value = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[^1] != 'Z'
            || !TryParseDate(text[..10], out var date)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var fraction = text[19..^1];
        var micros = 0;
        if (!fraction.IsEmpty)
        {
            if (fraction[0] != '.' || fraction.Length is < 2 or > 7 || !TryDigits(fraction[1..], out micros))
            {
                return false;
            }

            for (var i = fraction.Length - 1; i < 6; i++)
            {
                micros *= 10;
            }
        }

        var ticks = date.DayNumber * TimeSpan.TicksPerDay
            + (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond) + (micros * 10L);
        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Microseconds since 1970-01-01T00:00:00Z, as Parquet and Avro store timestamps.</summary>
    internal static long ToUnixMicros(DateTime value) => (value.Ticks - UnixEpochTicks) / 10;

    internal static DateTime FromUnixMicros(long micros) => new(UnixEpochTicks + (micros * 10), DateTimeKind.Utc);

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return !text.IsEmpty;
    }

    private static void WriteDigits(Span<byte> destination, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static InputFormatException NotA(ReadOnlySpan<char> text, string type) => new($"'{Shown(text)}' is not {WithArticle(type)}");

    /// <summary>"a long", "an integer": a type name for messages.</summary>
    internal static string WithArticle(string type) => type.Length > 0 && "aeiou".Contains(type[0], StringComparison.Ordinal) ? "an " + type : "a " + type;

    private static string Shown(ReadOnlySpan<char> text) => text.Length <= 64 ? text.ToString() : string.Concat(text[..64], "...");

    private static ArgumentException TooSmall() => new("the destination is too small for the formatted value");
}
