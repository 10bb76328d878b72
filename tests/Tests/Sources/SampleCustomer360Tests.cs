using Handoff.Exporter.Sources;
using Xunit;

namespace Handoff.Tests.Sources;

public class SampleCustomer360Tests
{
    private static readonly string[] NullableColumns = ["email", "phone", "birth_date", "last_order_at", "is_subscribed", "loyalty_tier", "email_open_rate"];

    [Fact]
    public async Task The_sample_has_the_documented_columns_and_types()
    {
        await using var source = await SampleCustomer360.CreateSourceAsync(10, CancellationToken.None);
        await using var result = await source.ExecuteAsync(SampleCustomer360.Query, CancellationToken.None);

        Assert.Equal("duckdb", source.Kind);
        Assert.Equal(
            "customer_id long, amperity_id string, given_name string, surname string, email string, phone string, address_line1 string, " +
            "city string, state string, postal_code string, country string, birth_date date, created_at timestamp, last_order_at timestamp, " +
            "lifetime_value decimal(18,2), order_count integer, credit_score short, household_size byte, is_subscribed boolean, " +
            "loyalty_tier string, preferred_channel string, email_open_rate float, churn_score double",
            result.Schema.ToString());
    }

    [Fact]
    public async Task The_same_row_count_gives_the_same_rows_in_the_same_order()
    {
        var first = await ReadSampleAsync(3000);
        var second = await ReadSampleAsync(3000);

        Assert.Equal(3000, first.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i], second[i]);
            Assert.Equal((long)(i + 1), first[i][0]);
        }
    }

    [Fact]
    public async Task Several_columns_hold_some_nulls_and_the_rest_never_do()
    {
        var rows = await ReadSampleAsync(2000);
        await using var source = await SampleCustomer360.CreateSourceAsync(1, CancellationToken.None);
        await using var result = await source.ExecuteAsync(SampleCustomer360.Query, CancellationToken.None);

        for (var c = 0; c < result.Schema.Count; c++)
        {
            var name = result.Schema[c].Name;
            var nulls = rows.Count(r => r[c] is null);
            if (NullableColumns.Contains(name))
            {
                Assert.InRange(nulls, 1, rows.Count / 2);
            }
            else
            {
                Assert.True(nulls == 0, $"column {name} has {nulls} nulls");
            }
        }
    }

    [Fact]
    public async Task Values_look_like_customers()
    {
        var rows = await ReadSampleAsync(1000);

        var ids = rows.Select(r => (string)r[1]!).ToList();
        Assert.All(ids, id => Assert.True(Guid.TryParseExact(id, "D", out _), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(rows.Select(r => r[4]).OfType<string>(), email => Assert.Matches("^[a-z]+\\.[a-z]+[0-9]+@[a-z]+\\.[a-z]+$", email));
        Assert.All(rows.Select(r => (DateTime)r[12]!), t => Assert.InRange(t, new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.All(rows.Select(r => (decimal)r[14]!), v => Assert.InRange(v, 0m, 25000m));
        Assert.True(rows.Select(r => r[7]).Distinct().Count() > 10, "cities should vary");
    }

    [Fact]
    public async Task Zero_rows_is_an_empty_table()
    {
        Assert.Empty(await ReadSampleAsync(0));
    }

    [Fact]
    public async Task A_negative_row_count_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SampleCustomer360.CreateSourceAsync(-1, CancellationToken.None));
    }

    [Fact]
    public async Task A_sample_spanning_several_segments_has_exactly_the_rows_of_the_whole_table_in_order()
    {
        // The export reads the sample a segment at a time; the database file holds it as one table.
        const long rows = (2 * SampleSource.SegmentRows) + 1234;
        using var temp = new Handoff.Tests.Support.TempFolder();
        var file = temp.Combine("sample.duckdb");
        await SampleCustomer360.CreateDatabaseFileAsync(file, rows, CancellationToken.None);
        await using var table = await Handoff.Exporter.Sources.DuckDb.DuckDbSource.OpenAsync(file, CancellationToken.None);

        var streamed = await ReadSampleAsync(rows);
        var stored = await QueryResults.QueryAsync(table, SampleCustomer360.Query, batchSize: 4096);

        Assert.Equal(rows, streamed.Count);
        for (var i = 0; i < streamed.Count; i++)
        {
            Assert.Equal(stored[i], streamed[i]);
        }
    }

    [Theory]
    [InlineData("1000000001")]
    [InlineData("9223372036854775807")]
    public async Task A_row_count_above_the_documented_maximum_is_refused_at_once(string rows)
    {
        using var temp = new Handoff.Tests.Support.TempFolder();

        var result = await Handoff.Tests.Support.Cli.ExporterAsync("export", "--sample-rows", rows, "--to", temp.Path, "--export-id", "big");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--sample-rows must be from 0 to 1000000000", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories));
    }

    private static async Task<IReadOnlyList<object?[]>> ReadSampleAsync(long rows)
    {
        await using var source = await SampleCustomer360.CreateSourceAsync(rows, CancellationToken.None);
        return await QueryResults.QueryAsync(source, SampleCustomer360.Query, batchSize: 700);
    }
}
