using Xunit;
using Handoff.Exporter.Export;
using Handoff.Shared.Input;

namespace Handoff.Tests.Export;

public class FileNameTemplateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 6, 7, 8, TimeSpan.Zero);

    [Fact]
    public void Default_numbers_files_with_five_digits()
    {
        Assert.Equal("part-00003.parquet", FileNameTemplate.Parse(FileNameTemplate.Default).Render("e1", Start, 3, ".parquet"));
    }

    [Fact]
    public void Date_export_id_and_number_tokens_are_substituted()
    {
        var template = FileNameTemplate.Parse("customers_{date:yyyy-MM-dd}_{exportId}_{n:000}");
        Assert.Equal("customers_2026-11-25_daily_012.csv.gz", template.Render("daily", Start, 12, ".csv.gz"));
    }

    [Fact]
    public void Date_is_rendered_in_utc()
    {
        var template = FileNameTemplate.Parse("f-{date:HHmm}-{n}");
        Assert.Equal("f-0607-0.json", template.Render("e", Start.ToOffset(TimeSpan.FromHours(-8)), 0, ".json"));
    }

    [Theory]
    [InlineData("no-number", "{n}")]
    [InlineData("../x-{n}", "may only contain")]
    [InlineData("a/b-{n}", "may only contain")]
    [InlineData("x-{nope}-{n}", "unknown token {nope}")]
    [InlineData("x-{date}-{n}", "needs a format")]
    [InlineData("", "empty")]
    [InlineData("x-{n:'a'}", "the same name")]
    [InlineData("{n:#}", "not a safe file name")]
    public void Bad_templates_are_refused_with_the_reason(string template, string reason)
    {
        var error = Assert.Throws<InputArgumentException>(() => FileNameTemplate.Parse(template));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
