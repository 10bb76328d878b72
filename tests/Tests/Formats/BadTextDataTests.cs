using System.IO.Compression;
using System.Text;
using Handoff.Shared.Formats;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>CSV and NDJSON that do not match the schema: the error names the line and the column.</summary>
public sealed class BadTextDataTests
{
    private static readonly TableSchema Schema = new(
    [
        new Column("id", LogicalType.Long, false),
        new Column("name", LogicalType.String, true),
        new Column("amount", LogicalType.Decimal(18, 2), true),
        new Column("day", LogicalType.Date, false),
    ]);

    private static readonly FormatSpec Csv = new(FileFormat.Csv, "none", new CsvOptions());
    private static readonly FormatSpec Json = new(FileFormat.Json, "none");

    [Fact]
    public async Task Csv_with_a_missing_field_names_the_line_and_the_counts()
    {
        var error = await ReadCsvAsync("id,name,amount,day\n1,a,1.00,2024-01-01\n2,\"multi\nline\",2.00,2024-01-02\n3,c,3.00\n");
        Assert.Equal("line 5: expected 4 fields, found 3", error.Message);
    }

    [Fact]
    public async Task Csv_with_an_extra_field_names_the_line()
    {
        var error = await ReadCsvAsync("id,name,amount,day\n1,a,1.00,2024-01-01,extra\n");
        Assert.Equal("line 2: expected 4 fields, found 5", error.Message);
    }

    [Theory]
    [InlineData("abc", "line 2, column 'amount': 'abc' is not a decimal(18,2)")]
    [InlineData("1.234", "line 2, column 'amount': '1.234' is not a decimal(18,2)")]
    [InlineData("1e5", "line 2, column 'amount': '1e5' is not a decimal(18,2)")]
    [InlineData("12345678901234567.00", "line 2, column 'amount': '12345678901234567.00' is not a decimal(18,2)")]
    public async Task Csv_with_a_value_that_does_not_parse_names_line_column_value_and_type(string amount, string message)
    {
        var error = await ReadCsvAsync($"id,name,amount,day\n1,a,{amount},2024-01-01\n");
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Csv_with_an_impossible_date_is_refused()
    {
        var error = await ReadCsvAsync("id,name,amount,day\n1,a,1.00,2023-02-29\n");
        Assert.Equal("line 2, column 'day': '2023-02-29' is not a date (yyyy-MM-dd)", error.Message);
    }

    [Fact]
    public async Task Csv_with_an_empty_non_nullable_field_is_refused()
    {
        var error = await ReadCsvAsync("id,name,amount,day\n1,a,1.00,\n");
        Assert.Equal("line 2, column 'day': the field is empty but the column is a non-nullable date", error.Message);
    }

    [Fact]
    public async Task Csv_with_invalid_UTF8_names_the_line()
    {
        var bytes = Encoding.UTF8.GetBytes("id,name,amount,day\n1,a,1.00,2024-01-01\n2,").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(",2.00,2024-01-02\n")).ToArray();
        var error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(bytes, Csv, Schema));
        Assert.StartsWith("line 3: invalid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_with_an_unterminated_quote_is_refused()
    {
        var error = await ReadCsvAsync("id,name,amount,day\n1,\"never closed,1.00,2024-01-01\n");
        Assert.Equal("line 2: a quoted field is not closed before the end of the file", error.Message);
    }

    [Fact]
    public async Task Csv_with_text_after_a_closing_quote_is_refused()
    {
        var error = await ReadCsvAsync("id,name,amount,day\n1,\"a\"b,1.00,2024-01-01\n");
        Assert.StartsWith("line 2: unexpected 'b' after the closing quote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_with_a_header_for_another_schema_is_refused()
    {
        var error = await ReadCsvAsync("id,title,amount,day\n1,a,1.00,2024-01-01\n");
        Assert.Equal("line 1: header field 2 is 'title', expected 'name'", error.Message);
    }

    [Fact]
    public async Task Csv_that_is_not_gzip_is_refused_when_gzip_is_expected()
    {
        var error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync("id,name\n"u8.ToArray(), Csv with { Compression = "gzip" }, Schema));
        Assert.Contains("compressed data is corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_reader_accepts_CRLF_a_missing_final_newline_and_a_byte_order_mark()
    {
        var rows = await FormatFiles.ReadBytesAsync(Encoding.UTF8.GetBytes("\uFEFFid,name,amount,day\r\n1,,-0.5,2024-01-01\r\n2,\"\",3,2024-01-02"), Csv, Schema);
        FormatFiles.AssertSameRows([[1L, null, -0.50m, new DateOnly(2024, 1, 1)], [2L, string.Empty, 3.00m, new DateOnly(2024, 1, 2)]], rows);
    }

    [Fact]
    public async Task Csv_records_longer_than_the_read_buffer_are_read_whole()
    {
        var longText = new string('x', 200_000) + "\n\"," + new string('é', 100_000);
        var csv = "id,name,amount,day\n1,\"" + longText.Replace("\"", "\"\"", StringComparison.Ordinal) + "\",1.00,2024-01-01\n";
        await using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(csv));
        }

        var rows = await FormatFiles.ReadBytesAsync(gzipped.ToArray(), Csv with { Compression = "gzip" }, Schema);
        Assert.Equal(longText, Assert.Single(rows)[1]);
    }

    [Fact]
    public async Task Csv_whose_records_never_end_is_refused_at_16_MiB_instead_of_read_whole()
    {
        // CR-only line endings, which this dialect reads as data: the whole file would be one record.
        var row = "1,a,1.00,2024-01-01\r";
        var csv = new StringBuilder("id,name,amount,day\n");
        while (csv.Length <= 17 * 1024 * 1024)
        {
            csv.Append(row);
        }

        var error = await ReadCsvAsync(csv.ToString());
        Assert.Equal("line 2: no record ends within 16 MiB: the file is not CSV in the manifest's dialect (delimiter, quote, LF or CRLF line endings), or a quote is never closed", error.Message);
    }

    [Fact]
    public async Task Json_whose_lines_never_end_is_refused_at_16_MiB_instead_of_read_whole()
    {
        var json = new StringBuilder();
        while (json.Length <= 17 * 1024 * 1024)
        {
            json.Append("""{"id":1,"day":"2024-01-01"}""").Append('\r');
        }

        var error = await ReadJsonAsync(json.ToString());
        Assert.Equal("line 1: no line ends within 16 MiB: the file is not NDJSON (one JSON object per line, LF or CRLF line endings)", error.Message);
    }

    [Fact]
    public async Task Json_with_an_unknown_key_is_refused()
    {
        var error = await ReadJsonAsync("""{"id":1,"name":"a","amount":1.00,"day":"2024-01-01"}""" + "\n" + """{"id":2,"nmae":"b","day":"2024-01-01"}""");
        Assert.StartsWith("line 2: unknown key 'nmae'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_missing_key_is_null_when_nullable_and_an_error_otherwise()
    {
        var rows = await FormatFiles.ReadBytesAsync(Encoding.UTF8.GetBytes("""{"day":"2024-01-01","id":1}"""), Json, Schema);
        FormatFiles.AssertSameRows([[1L, null, null, new DateOnly(2024, 1, 1)]], rows);

        var error = await ReadJsonAsync("""{"id":1,"name":"a"}""");
        Assert.Equal("line 1: key 'day' is missing and the column is not nullable", error.Message);
    }

    [Theory]
    [InlineData("""{"id":1,"amount":"1.00","day":"2024-01-01"}""", "line 1, column 'amount': '1.00' is not a decimal(18,2)")]
    [InlineData("""{"id":1,"amount":1.234,"day":"2024-01-01"}""", "line 1, column 'amount': '1.234' is not a decimal(18,2)")]
    [InlineData("""{"id":1.5,"day":"2024-01-01"}""", "line 1, column 'id': 1.5 is not a long")]
    [InlineData("""{"id":"1","day":"2024-01-01"}""", "line 1, column 'id': '1' is not a long")]
    [InlineData("""{"id":1,"day":20240101}""", "line 1, column 'day': 20240101 is not a date")]
    [InlineData("""{"id":null,"day":"2024-01-01"}""", "line 1, column 'id': null in a non-nullable long column")]
    [InlineData("""{"id":1,"id":2,"day":"2024-01-01"}""", "line 1: key 'id' appears twice")]
    [InlineData("""[1,2]""", "line 1: expected a JSON object")]
    public async Task Json_with_a_wrong_value_names_line_and_column(string line, string message)
    {
        var error = await ReadJsonAsync(line);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Json_that_is_not_JSON_is_refused_with_its_line()
    {
        var error = await ReadJsonAsync("""{"id":1,"day":"2024-01-01"}""" + "\n\n" + """{"id":2,"day":""");
        Assert.StartsWith("line 3: invalid JSON", error.Message, StringComparison.Ordinal);

        error = await ReadJsonAsync("""{"id":1,"day":"2024-01-01"} {}""");
        Assert.StartsWith("line 1: invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_with_invalid_UTF8_names_the_line()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"id\":1,\"name\":\"").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("\",\"day\":\"2024-01-01\"}")).ToArray();
        var error = await Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(bytes, Json, Schema));
        Assert.Equal("line 1: invalid UTF-8", error.Message);
    }

    private static Task<InputFormatException> ReadCsvAsync(string csv) =>
        Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(Encoding.UTF8.GetBytes(csv), Csv, Schema));

    private static Task<InputFormatException> ReadJsonAsync(string json) =>
        Assert.ThrowsAsync<InputFormatException>(() => FormatFiles.ReadBytesAsync(Encoding.UTF8.GetBytes(json), Json, Schema));
}
