using Handoff.Exporter.Cli;
using Handoff.Exporter.Databricks.Schedule;
using Handoff.Shared.Input;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>The Quartz cron dialect of Databricks schedules, checked locally.</summary>
public sealed class QuartzCronTests
{
    [Theory]
    [InlineData("0 0 2 * * ?")]
    [InlineData("0 30 5 ? * MON-FRI")]
    [InlineData("0 0/15 * * * ?")]
    [InlineData("0 0 12 L * ?")]
    [InlineData("0 0 12 15W * ?")]
    [InlineData("0 0 12 ? * 6#3")]
    [InlineData("0 0 12 ? * 6L")]
    [InlineData("0 0 8,20 1,15 JAN-JUN ? 2026")]
    [InlineData("  0   0 2  * * ?  ")]
    public void Valid_expressions_pass(string expression) =>
        Assert.Equal(string.Join(' ', expression.Split(' ', StringSplitOptions.RemoveEmptyEntries)), QuartzCron.Validate(expression));

    [Theory]
    [InlineData("0 60 2 * * ?", "minutes '60'")]
    [InlineData("0 0 2 32 * ?", "day-of-month '32'")]
    [InlineData("0 0 2 * 13 ?", "month '13'")]
    [InlineData("0 0 2 ? * 8", "day-of-week '8'")]
    [InlineData("? 0 2 * * ?", "'?' is allowed only in day-of-month and day-of-week")]
    [InlineData("0 0 2 ? * ?", "exactly one of day-of-month")]
    [InlineData("0 0 2 * * ? 1969", "year '1969'")]
    [InlineData("0 0 2 ? * 6#6", "DAY#N with N from 1 to 5")]
    [InlineData("0 0 2,,3 * * ?", "empty list item")]
    [InlineData("0 0 2 * * ? * *", "has 8 fields")]
    public void Invalid_expressions_name_the_field(string expression, string message)
    {
        var error = Assert.Throws<InputArgumentException>(() => QuartzCron.Validate(expression));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Paris")]
    [InlineData("America/Los_Angeles")]
    public void Iana_time_zones_pass(string zone) => Assert.Equal(zone, TimeZoneCheck.Validate(zone));
}
