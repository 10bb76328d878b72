using System.Text.Json;
using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Properties;
using Handoff.SparkJob.Delta.Stats;
using Handoff.Tests.Delta.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>
/// Stats follow the table's data-skipping properties and Spark's string truncation
/// (delta-io/delta StatisticsCollection.scala), so Spark skips files as it would for its own.
/// </summary>
public sealed class DeltaStatsPropertiesTests
{
    private static readonly TableSchema Wide = new([
        new Column("id", LogicalType.Long, false), new Column("Name", LogicalType.String, true), new Column("score", LogicalType.Double, true),
        new Column("day", LogicalType.Date, true), new Column("amount", LogicalType.Decimal(10, 2), true), new Column("flag", LogicalType.Boolean, true),
    ]);

    private const string WideSelect = """
        SELECT CAST(i AS BIGINT) AS id, 'name-' || i AS "Name", CAST(i * 1.5 AS DOUBLE) AS score, DATE '2024-01-01' + CAST(i AS INTEGER) AS day,
               CAST(i AS DECIMAL(10,2)) AS amount, i % 2 = 0 AS flag FROM range(1, 5) t(i)
        """;

    [Theory]
    [InlineData(null, "id,Name,score,day,amount,flag")]
    [InlineData("3", "id,Name,score")]
    [InlineData("0", "")]
    [InlineData("-1", "id,Name,score,day,amount,flag")]
    public async Task Num_indexed_cols_chooses_how_many_leading_columns_get_stats(string? numIndexedCols, string expected)
    {
        var stats = await CommitWideFileAsync(numIndexedCols is null ? [] : new() { ["delta.dataSkippingNumIndexedCols"] = numIndexedCols });

        Assert.Equal(4, stats.GetProperty("numRecords").GetInt64());
        Assert.Equal(expected, string.Join(',', stats.GetProperty("nullCount").EnumerateObject().Select(p => p.Name)));
        Assert.Equal(
            string.Join(',', expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(c => c != "flag")),
            string.Join(',', stats.GetProperty("minValues").EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Stats_columns_name_the_columns_in_table_order_whatever_their_case_and_override_the_count()
    {
        var stats = await CommitWideFileAsync(new()
        {
            ["delta.dataSkippingStatsColumns"] = "amount, `name`,missing",
            ["delta.dataSkippingNumIndexedCols"] = "1",
        });

        Assert.Equal(["Name", "amount"], stats.GetProperty("nullCount").EnumerateObject().Select(p => p.Name));
        Assert.Equal("name-1", stats.GetProperty("minValues").GetProperty("Name").GetString());
        Assert.Equal(4.00m, stats.GetProperty("maxValues").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_table_created_by_the_transaction_gets_stats_for_every_column_up_to_32()
    {
        using var t = new TestTable();

        var stats = await AddWideFileAsync(t);

        Assert.Equal(6, stats.GetProperty("nullCount").EnumerateObject().Count());
    }

    [Theory]
    [InlineData("abcdef", 3, "abc", "abc\u007F")]
    [InlineData("abc", 3, "abc", "abc")]
    [InlineData("ab\u00E9\u00E9", 3, "ab\u00E9", "ab\u00E9\uDBFF\uDFFF")]
    [InlineData("ab\uD83D\uDE00xyz", 3, "ab\uD83D\uDE00", "ab\uD83D\uDE00\u007F")]
    [InlineData("abc\uDBFF\uDFFFd", 3, "abc", "abc\uDBFF\uDFFF\u007F")]
    [InlineData("abcdef", 0, null, null)]
    public void Long_strings_are_cut_as_Spark_cuts_them(string value, int prefix, string? min, string? max)
    {
        Assert.Equal(min, StringStatsTruncation.Min(value, prefix));
        Assert.Equal(max, StringStatsTruncation.Max(value, prefix));
    }

    [Fact]
    public void A_max_that_only_grows_past_twice_the_prefix_is_left_out()
    {
        var value = "ab" + string.Concat(Enumerable.Repeat("\uDBFF\uDFFF", 4)) + "z";

        Assert.Null(StringStatsTruncation.Max(value, 3));
        Assert.Equal(value[..6] + "\uDBFF\uDFFF", StringStatsTruncation.Max("ab\uDBFF\uDFFF\uDBFF\uDFFF\u00E9\u00E9\u00E9\u00E9\u00E9", 3));
    }

    [Fact]
    public void A_truncated_max_is_at_least_every_value_in_utf8_order_and_is_written_to_the_stats()
    {
        var longest = new string('z', 40);
        var values = new[] { new string('a', 40), "zz", longest, longest + "\uDBFF\uDFFF" };

        var stats = JsonDocument.Parse(StatsJsonWriter.Write(
            new TableSchema([new Column("s", LogicalType.String, true)]),
            values.Length,
            new Dictionary<string, ColumnStatistics> { ["s"] = new(0, values[0], values[^1]) })).RootElement;

        var max = stats.GetProperty("maxValues").GetProperty("s").GetString()!;
        var min = stats.GetProperty("minValues").GetProperty("s").GetString()!;
        Assert.Equal(new string('z', 32) + "\u007F", max);
        Assert.Equal(new string('a', 32), min);
        Assert.All(values, v => Assert.True(string.CompareOrdinal(ToUtf8Order(v), ToUtf8Order(max)) <= 0 && string.CompareOrdinal(ToUtf8Order(min), ToUtf8Order(v)) <= 0, v));
    }

    [Theory]
    [InlineData("a,b", new[] { "a", "b" })]
    [InlineData(" a , `b,c` ,`d``e`", new[] { "a", "b,c", "d`e" })]
    public void Stats_column_lists_split_at_commas_outside_backticks(string list, string[] names) =>
        Assert.Equal(names, StatsColumnSelection.ParseNames(list));

    private static string ToUtf8Order(string value) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>Creates the table empty, sets <paramref name="properties"/> as if it had been created with them, then appends the wide file.</summary>
    private static async Task<JsonElement> CommitWideFileAsync(Dictionary<string, string> properties)
    {
        using var t = new TestTable();
        var create = await t.Table.StartTransactionAsync(CancellationToken.None);
        create.Schema = Wide;
        await create.CommitAsync(CancellationToken.None);
        await t.SetPropertiesAtCreationAsync(properties);
        return await AddWideFileAsync(t);
    }

    /// <summary>Commits the wide file (creating the table when it does not exist) and returns its add action's stats.</summary>
    private static async Task<JsonElement> AddWideFileAsync(TestTable t)
    {
        var file = await t.WriteAndDescribeAsync(WideSelect, Wide, "wide.parquet");
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = Wide;
        tx.AddFile(file);
        await tx.CommitAsync(CancellationToken.None);

        var add = (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).Files.Single();
        return JsonDocument.Parse(add.Stats!).RootElement.Clone();
    }
}
