using System.Text;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Xunit;

namespace Handoff.Tests.Schema;

/// <summary>Each logical type as CSV/JSON text: the exact text written and strict parsing back.</summary>
public sealed class TextValueMappingTests
{
    public static TheoryData<string, object, string> Examples => new()
    {
        { "string", "héllo, \"world\"", "héllo, \"world\"" },
        { "long", long.MinValue, "-9223372036854775808" },
        { "long", long.MaxValue, "9223372036854775807" },
        { "integer", int.MinValue, "-2147483648" },
        { "short", short.MaxValue, "32767" },
        { "byte", sbyte.MinValue, "-128" },
        { "double", 0.1, "0.1" },
        { "double", 1e21, "1E+21" },
        { "double", -5e-324, "-5E-324" },
        { "double", double.NaN, "NaN" },
        { "double", double.PositiveInfinity, "Infinity" },
        { "double", double.NegativeInfinity, "-Infinity" },
        { "float", 1.1f, "1.1" },
        { "float", float.MaxValue, "3.4028235E+38" },
        { "float", float.NegativeInfinity, "-Infinity" },
        { "boolean", true, "true" },
        { "boolean", false, "false" },
        { "binary", new byte[] { 0, 1, 254, 255 }, "AAH+/w==" },
        { "binary", Array.Empty<byte>(), string.Empty },
        { "date", new DateOnly(1, 1, 1), "0001-01-01" },
        { "date", new DateOnly(2024, 2, 29), "2024-02-29" },
        { "timestamp", new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9999990), "1969-12-31T23:59:59.999999Z" },
        { "timestamp", new DateTime(2024, 2, 29, 1, 2, 3, DateTimeKind.Utc).AddTicks(1234560), "2024-02-29T01:02:03.123456Z" },
        { "decimal(18,2)", 12.5m, "12.50" },
        { "decimal(18,2)", -0.01m, "-0.01" },
        { "decimal(18,2)", 7m, "7.00" },
        { "decimal(9,0)", 123456789m, "123456789" },
        { "decimal(38,10)", 9999999999999999999999999999m, "9999999999999999999999999999.0000000000" },
        { "decimal(38,30)", 0.5m, "0.500000000000000000000000000000" },
        { "decimal(10,4)", 1.2000000m, "1.2000" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_type_formats_to_its_exact_text_and_parses_back(string type, object value, string text)
    {
        var logicalType = LogicalType.Parse(type);

        Assert.Equal(text, TextValueMapping.Format(logicalType, value));
        var parsed = TextValueMapping.Parse(logicalType, text);
        if (value is byte[] bytes)
        {
            Assert.Equal(bytes, (byte[])parsed);
        }
        else
        {
            Assert.Equal(value, parsed);
            Assert.Equal(text, TextValueMapping.Format(logicalType, parsed));
        }
    }

    [Fact]
    public void Utf8_formatters_write_what_Format_returns()
    {
        Span<byte> buffer = stackalloc byte[TextValueMapping.MaxFormattedLength];
        var written = TextValueMapping.FormatDecimal(-12345678901234567890.1234567890m, 38, 10, buffer);
        Assert.Equal("-12345678901234567890.1234567890", Encoding.UTF8.GetString(buffer[..written]));
        written = TextValueMapping.FormatTimestamp(DateTime.MaxValue, buffer);
        Assert.Equal("9999-12-31T23:59:59.999999Z", Encoding.UTF8.GetString(buffer[..written]));
        written = TextValueMapping.FormatDouble(-1.7976931348623157E+308, buffer);
        Assert.Equal("-1.7976931348623157E+308", Encoding.UTF8.GetString(buffer[..written]));
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000000Z")]
    [InlineData("2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00.500000Z")]
    [InlineData("2024-01-01T00:00:00.000001Z", "2024-01-01T00:00:00.000001Z")]
    public void Timestamps_with_shorter_fractions_parse(string text, string canonical)
    {
        Assert.Equal(canonical, TextValueMapping.Format(LogicalType.Timestamp, TextValueMapping.ParseTimestamp(text)));
        Assert.Equal(DateTimeKind.Utc, TextValueMapping.ParseTimestamp(text).Kind);
    }

    [Theory]
    [InlineData("long", "1.0", "'1.0' is not a long")]
    [InlineData("long", " 1", "' 1' is not a long")]
    [InlineData("long", "9223372036854775808", "'9223372036854775808' is not a long")]
    [InlineData("integer", "2147483648", "'2147483648' is not an integer")]
    [InlineData("short", "32768", "'32768' is not a short")]
    [InlineData("byte", "128", "'128' is not a byte")]
    [InlineData("double", "1,5", "'1,5' is not a double")]
    [InlineData("double", "", "'' is not a double")]
    [InlineData("float", "abc", "'abc' is not a float")]
    [InlineData("boolean", "True", "'True' is not a boolean")]
    [InlineData("boolean", "1", "'1' is not a boolean")]
    [InlineData("decimal(18,2)", "1.234", "'1.234' is not a decimal(18,2)")]
    [InlineData("decimal(4,2)", "123.4", "'123.4' is not a decimal(4,2)")]
    [InlineData("decimal(18,2)", "1e3", "'1e3' is not a decimal(18,2)")]
    [InlineData("decimal(18,2)", "-", "'-' is not a decimal(18,2)")]
    [InlineData("date", "2023-02-29", "'2023-02-29' is not a date (yyyy-MM-dd)")]
    [InlineData("date", "2024-1-01", "'2024-1-01' is not a date (yyyy-MM-dd)")]
    [InlineData("timestamp", "2024-01-01 00:00:00Z", "'2024-01-01 00:00:00Z' is not a timestamp (yyyy-MM-ddTHH:mm:ss.ffffffZ)")]
    [InlineData("timestamp", "2024-01-01T00:00:00", "'2024-01-01T00:00:00' is not a timestamp (yyyy-MM-ddTHH:mm:ss.ffffffZ)")]
    [InlineData("timestamp", "2024-01-01T00:00:00.1234567Z", "'2024-01-01T00:00:00.1234567Z' is not a timestamp (yyyy-MM-ddTHH:mm:ss.ffffffZ)")]
    [InlineData("timestamp", "2024-01-01T24:00:00Z", "'2024-01-01T24:00:00Z' is not a timestamp (yyyy-MM-ddTHH:mm:ss.ffffffZ)")]
    [InlineData("binary", "not base64!", "'not base64!' is not a binary (base64)")]
    public void Parsing_is_strict_and_names_the_expected_type(string type, string text, string message)
    {
        var error = Assert.Throws<InputFormatException>(() => TextValueMapping.Parse(LogicalType.Parse(type), text));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_decimal_that_does_not_fit_its_column_is_not_rounded()
    {
        Assert.Throws<InputArgumentException>(() => TextValueMapping.Format(LogicalType.Decimal(18, 2), 1.005m));
        Assert.Throws<InputArgumentException>(() => TextValueMapping.Format(LogicalType.Decimal(4, 2), 100m));
    }

    [Fact]
    public void Parsed_decimals_carry_the_column_scale()
    {
        Assert.Equal(2, TextValueMapping.ParseDecimal("1.5", 18, 2).Scale);
        Assert.Equal(1.5m, TextValueMapping.ParseDecimal("001.5", 4, 2));
        Assert.Equal(-0.5m, TextValueMapping.ParseDecimal("-.5", 4, 2));
    }
}
