using Handoff.Shared.Data;
using Xunit;

namespace Handoff.Tests.Data;

/// <summary>The UTF-8 form of a string column: written in order, and checked as UTF-8 value by value.</summary>
public sealed class Utf8ColumnTests
{
    [Fact]
    public void Rows_are_written_in_order()
    {
        var column = new Utf8Column(4);
        column.Set(0, "a"u8);

        var error = Assert.Throws<InvalidOperationException>(() => column.Set(2, "c"u8));
        Assert.Contains("in order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_appended_run_of_rows_follows_single_rows_and_grows_the_column()
    {
        var column = new Utf8Column(8);
        column.Set(0, "first"u8);
        var large = new byte[100_000];
        Array.Fill(large, (byte)'x');

        var appender = column.Append(1, 4, 100_000 + 3);
        appender.Add("é"u8);
        appender.AddNull();
        appender.Add(large);
        appender.Add("z"u8);
        appender.Complete();
        column.Set(5, "after"u8);

        Assert.Equal("first", column.ToText(0));
        Assert.Equal("é", column.ToText(1));
        Assert.Null(column.ToText(2));
        Assert.Equal(large, column.Value(3).ToArray());
        Assert.Equal("z", column.ToText(4));
        Assert.Equal("after", column.ToText(5));
        Assert.Equal(100_000 + 3, column.ByteCount(1, 5));
    }

    [Fact]
    public void An_append_refuses_more_bytes_than_it_made_room_for_and_rows_out_of_order()
    {
        var column = new Utf8Column(4);
        column.Set(0, "a"u8);

        Assert.Throws<InvalidOperationException>(() => column.Append(2, 1, 1));
        Assert.Throws<ArgumentException>(() =>
        {
            var appender = column.Append(1, 2, 2);
            appender.Add("abc"u8);
        });
    }

    [Fact]
    public void An_append_completed_short_of_its_rows_is_refused()
    {
        var column = new Utf8Column(4);

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            var appender = column.Append(0, 3, 10);
            appender.Add("a"u8);
            appender.Complete();
        });
        Assert.Contains("1 of the 3 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_text_nulls_and_empty_values_pass_the_utf8_check()
    {
        var column = Column([[], "é"u8.ToArray(), null, "日本語 😀"u8.ToArray(), "plain"u8.ToArray()]);

        Assert.Equal(-1, column.FirstInvalidUtf8(0));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 }, new byte[] { 0xA9 }, 1)] // "é" cut in two: each half is invalid although together they are valid
    [InlineData(new byte[] { 0xE6, 0x97 }, new byte[] { 0xA5 }, 1)] // "日" cut after two of its three bytes
    [InlineData(new byte[] { (byte)'o', (byte)'k' }, new byte[] { 0xFF }, 4)] // a byte that never appears in UTF-8
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { (byte)'x' }, 1)] // a UTF-16 surrogate encoded as UTF-8
    [InlineData(new byte[] { 0xC0, 0xAF }, new byte[] { (byte)'x' }, 1)] // an overlong "/"
    public void The_first_invalid_value_is_found_even_when_the_values_together_are_valid(byte[] first, byte[] second, int expectedRow)
    {
        var column = Column([(byte[])[(byte)'a'], first, null, [], second, [(byte)'z']]);

        var invalid = column.FirstInvalidUtf8(0);

        Assert.Equal(expectedRow, invalid);
    }

    [Fact]
    public void The_check_starts_at_the_given_row()
    {
        var column = Column([[0xFF], "ok"u8.ToArray(), [0xC3], [0xA9]]);

        Assert.Equal(0, column.FirstInvalidUtf8(0));
        Assert.Equal(2, column.FirstInvalidUtf8(1));
    }

    private static Utf8Column Column(byte[]?[] values)
    {
        var column = new Utf8Column(values.Length);
        for (var row = 0; row < values.Length; row++)
        {
            if (values[row] is { } bytes)
            {
                column.Set(row, bytes);
            }
            else
            {
                column.SetNull(row);
            }
        }

        return column;
    }
}
