using System.Text;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>Our CSV files as DuckDB's read_csv (given the same dialect) and our own reader see them.</summary>
public sealed class CsvFormatTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, char, char, char, CsvQuoteMode, string, bool, string> Dialects => new()
    {
        { "default", ',', '"', '"', CsvQuoteMode.Needed, "\n", true, "none" },
        { "tab", '\t', '"', '"', CsvQuoteMode.Needed, "\n", true, "none" },
        { "pipe", '|', '"', '"', CsvQuoteMode.Needed, "\n", true, "none" },
        { "semicolon", ';', '"', '"', CsvQuoteMode.Needed, "\n", true, "none" },
        { "caret", '^', '"', '"', CsvQuoteMode.Needed, "\n", true, "none" },
        { "minus-delimiter-inside-values", '-', '"', '"', CsvQuoteMode.Needed, "\n", true, "none" },
        { "non-null", ',', '"', '"', CsvQuoteMode.NonNull, "\n", true, "none" },
        { "backslash-escape", ',', '"', '\\', CsvQuoteMode.Needed, "\n", true, "none" },
        { "single-quote", ',', '\'', '\'', CsvQuoteMode.Needed, "\n", true, "none" },
        { "crlf", ',', '"', '"', CsvQuoteMode.Needed, "\r\n", true, "none" },
        { "no-header", ',', '"', '"', CsvQuoteMode.Needed, "\n", false, "none" },
        { "gzip", ',', '"', '"', CsvQuoteMode.Needed, "\n", true, "gzip" },
        { "everything", '|', '\'', '\\', CsvQuoteMode.NonNull, "\r\n", false, "gzip" },
    };

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task DuckDb_reads_every_type_and_edge_value_in_the_dialect(string name, char delimiter, char quote, char escape, CsvQuoteMode mode, string lineEnding, bool header, string compression)
    {
        var options = new CsvOptions { Delimiter = delimiter, Quote = quote, Escape = escape, QuoteMode = mode, LineEnding = lineEnding, Header = header };
        var path = _temp.Combine($"{name}.csv");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Csv, compression, options));

        var actual = DuckDb.SelectNormalized(AllTypes.Schema, ReadCsv(path, options, compression, AllTypes.Schema), binaryIsText: true);
        FormatFiles.AssertSameRows(DuckDb.Expected(AllTypes.Schema, AllTypes.Rows), actual);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Our_reader_round_trips_every_type_in_the_dialect(string name, char delimiter, char quote, char escape, CsvQuoteMode mode, string lineEnding, bool header, string compression)
    {
        var spec = new FormatSpec(FileFormat.Csv, compression, new CsvOptions { Delimiter = delimiter, Quote = quote, Escape = escape, QuoteMode = mode, LineEnding = lineEnding, Header = header });
        var path = _temp.Combine($"{name}.csv");
        await FormatFiles.WriteAsync(path, spec);

        FormatFiles.AssertSameRows(AllTypes.Rows, await FormatFiles.ReadAsync(path, spec, batchCapacity: 4));
    }

    [Theory]
    [InlineData(';', 'E', 'E', CsvQuoteMode.Needed)]
    [InlineData('.', '"', '"', CsvQuoteMode.Needed)]
    [InlineData(':', '"', '=', CsvQuoteMode.NonNull)]
    [InlineData('-', '"', '0', CsvQuoteMode.None)]
    public async Task Dialect_characters_that_appear_in_numbers_and_dates_still_round_trip(char delimiter, char quote, char escape, CsvQuoteMode mode)
    {
        var spec = new FormatSpec(FileFormat.Csv, "none", new CsvOptions { Delimiter = delimiter, Quote = quote, Escape = escape, QuoteMode = mode });
        var path = _temp.Combine("odd.csv");
        await FormatFiles.WriteAsync(path, spec);

        var expected = AllTypes.Rows.Select(r => r.Select((v, c) => mode == CsvQuoteMode.None && AllTypes.Schema[c].Nullable && IsEmpty(v) ? null : v).ToArray()).ToList();
        FormatFiles.AssertSameRows(expected, await FormatFiles.ReadAsync(path, spec));
    }

    [Fact]
    public async Task Quote_mode_All_quotes_every_field_and_nulls_read_back_as_empty()
    {
        var options = new CsvOptions { QuoteMode = CsvQuoteMode.All };
        var spec = new FormatSpec(FileFormat.Csv, "none", options);
        var path = _temp.Combine("all.csv");
        await FormatFiles.WriteAsync(path, spec);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal("\"id\",\"s\",\"l\",\"i\",\"sh\",\"b\",\"d\",\"f\",\"bo\",\"bin\",\"dt\",\"ts\",\"dec\",\"dec9\",\"big\",\"name\"", lines[0]);
        Assert.Equal("\"1000\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"all null\"", lines[^1]);

        // An empty field reads as null in a nullable column, so empty strings and binary come back null.
        var expected = AllTypes.Rows.Select(r => r.Select((v, c) => AllTypes.Schema[c].Nullable && IsEmpty(v) ? null : v).ToArray()).ToList();
        FormatFiles.AssertSameRows(expected, await FormatFiles.ReadAsync(path, spec));

        var duck = DuckDb.SelectNormalized(AllTypes.Schema, ReadCsv(path, options, "none", AllTypes.Schema, quotedEmptyIsNull: true), binaryIsText: true);
        var duckExpected = DuckDb.Expected(AllTypes.Schema, AllTypes.Rows.Select(r => r.Select(v => IsEmpty(v) ? null : v).ToArray()));
        FormatFiles.AssertSameRows(duckExpected, duck);
    }

    [Theory]
    [InlineData('\\', ',')]
    [InlineData('\\', '\t')]
    [InlineData('#', '|')]
    public async Task Quote_mode_None_escapes_special_characters_and_round_trips(char escape, char delimiter)
    {
        var options = new CsvOptions { QuoteMode = CsvQuoteMode.None, Escape = escape, Delimiter = delimiter };
        var spec = new FormatSpec(FileFormat.Csv, "none", options);
        var path = _temp.Combine("none.csv");
        await FormatFiles.WriteAsync(path, spec);

        var text = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("\"", text.Replace($"{escape}\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"comma{(delimiter == ',' ? $"{escape}," : ",")}quote{escape}\"new{escape}\nline{escape}\r{escape}\nend", text, StringComparison.Ordinal);

        // Without quotes an empty string and a null look alike; both read back as null.
        var expected = AllTypes.Rows.Select(r => r.Select((v, c) => AllTypes.Schema[c].Nullable && IsEmpty(v) ? null : v).ToArray()).ToList();
        FormatFiles.AssertSameRows(expected, await FormatFiles.ReadAsync(path, spec));
    }

    [Fact]
    public async Task Quote_mode_None_without_special_characters_is_read_by_DuckDb()
    {
        var options = new CsvOptions { QuoteMode = CsvQuoteMode.None, Escape = '\\' };
        var rows = Enumerable.Range(0, 50).Select(ParquetFormatTests.Row).ToList();
        var path = _temp.Combine("none-plain.csv");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Csv, "none", options), AllTypes.Schema, [AllTypes.BatchOf(rows)]);

        Assert.DoesNotContain("\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        var actual = DuckDb.SelectNormalized(AllTypes.Schema, ReadCsv(path, options, "none", AllTypes.Schema), binaryIsText: true);
        FormatFiles.AssertSameRows(DuckDb.Expected(AllTypes.Schema, rows), actual);
    }

    [Fact]
    public async Task Exact_text_of_values_and_nulls_in_the_default_dialect()
    {
        var path = _temp.Combine("exact.csv");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Csv, "none"));
        var lines = (await File.ReadAllTextAsync(path, Encoding.UTF8)).Split('\n');

        Assert.Equal("id,s,l,i,sh,b,d,f,bo,bin,dt,ts,dec,dec9,big,name", lines[0]);
        Assert.Equal("1,plain,-9223372036854775808,-2147483648,-32768,-128,-1.7976931348623157E+308,-3.4028235E+38,true,\"\",0001-01-01,0001-01-01T00:00:00.000000Z,-9999999999999999.99,-999999.999,9999999999999999999999999999.0000000000,n1", lines[1]);
        Assert.Equal("3,\"\",0,0,0,0,0.1,1.1,true,Kg==,1969-12-31,1969-12-31T23:59:59.999999Z,12.50,0.001,0.0000000001,n3", lines[3]);
        Assert.Equal("1000,,,,,,,,,,,,,,,all null", lines[^2]);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.False((await File.ReadAllBytesAsync(path)).AsSpan().StartsWith("\uFEFF"u8), "no byte order mark");
    }

    [Fact]
    public async Task A_header_only_file_is_written_for_an_empty_export()
    {
        var path = _temp.Combine("empty.csv");
        var spec = new FormatSpec(FileFormat.Csv, "gzip");
        await FormatFiles.WriteAsync(path, spec, AllTypes.Schema, []);

        Assert.Empty(await FormatFiles.ReadAsync(path, spec));
        Assert.Equal(0L, DuckDb.Scalar($"SELECT count(*) FROM {ReadCsv(path, new CsvOptions(), "gzip", AllTypes.Schema)}"));
    }

    /// <summary>read_csv with our dialect; a quoted empty field is an empty string (DuckDB's default reads it as null) unless <paramref name="quotedEmptyIsNull"/>.</summary>
    internal static string ReadCsv(string path, CsvOptions options, string compression, TableSchema schema, bool quotedEmptyIsNull = false) =>
        $"read_csv({DuckDb.Literal(path)}, columns = {DuckDb.ColumnsStruct(schema)}, header = {(options.Header ? "true" : "false")}, " +
        $"delim = {DuckDb.CharLiteral(options.Delimiter)}, quote = {DuckDb.CharLiteral(options.Quote)}, escape = {DuckDb.CharLiteral(options.Escape)}, " +
        $"compression = '{(compression == "gzip" ? "gzip" : "none")}', allow_quoted_nulls = {(quotedEmptyIsNull ? "true" : "false")}, auto_detect = false, strict_mode = true)";

    private static bool IsEmpty(object? value) => value is "" or byte[] { Length: 0 };
}
