using System.Text.Json;
using Handoff.Shared.Cli;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Output;
using Handoff.SparkJob.Validation;
using Xunit;

namespace Handoff.Tests.Validation;

public class ValidationReportTests
{
    private static ValidationReport Small(params ValidationCheck[] checks) =>
        new("daily-1", "/data/sales", 7, new DateTimeOffset(2026, 11, 25, 10, 5, 0, TimeSpan.Zero), checks);

    [Fact]
    public void Json_report_uses_camel_case_and_lowercase_statuses()
    {
        var report = Small(
            new ValidationCheck("row count", "10 rows", "11 rows", CheckStatus.Failed),
            new ValidationCheck("column a nulls", "0 nulls", "unknown (no stats)", CheckStatus.Unverified));

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;

        Assert.Equal("daily-1", root.GetProperty("exportId").GetString());
        Assert.Equal("/data/sales", root.GetProperty("table").GetString());
        Assert.Equal(7, root.GetProperty("version").GetInt64());
        Assert.Equal("2026-11-25T10:05:00+00:00", root.GetProperty("startedAt").GetString());
        Assert.False(root.GetProperty("passed").GetBoolean());
        var first = root.GetProperty("checks")[0];
        Assert.Equal(("row count", "10 rows", "11 rows", "failed"), (first.GetProperty("name").GetString(), first.GetProperty("expected").GetString(), first.GetProperty("actual").GetString(), first.GetProperty("status").GetString()));
        Assert.Equal("unverified", root.GetProperty("checks")[1].GetProperty("status").GetString());
    }

    [Fact]
    public void Console_report_lists_only_the_checks_that_did_not_pass_then_the_verdict()
    {
        var report = Small(
            new ValidationCheck("row count", "10 rows", "10 rows", CheckStatus.Passed),
            new ValidationCheck("column customer_id type", "long", "integer", CheckStatus.Failed));
        using var output = new StringWriter { NewLine = "\n" };

        ValidationReportPrinter.Render(report, output, TerminalStyle.Plain);

        Assert.Equal(
            """
            validation FAILED: export daily-1 -> /data/sales
            checks that did not pass:
            check                   | expected | actual  | status
            ------------------------+----------+---------+-------
            column customer_id type | long     | integer | FAILED
            FAILED: 1 of 2 checks failed (--verbose lists every check)

            """,
            output.ToString());
    }

    [Fact]
    public void Verbose_report_lists_every_check()
    {
        var report = Small(
            new ValidationCheck("row count", "10 rows", "10 rows", CheckStatus.Passed),
            new ValidationCheck("column customer_id type", "long", "integer", CheckStatus.Failed));
        using var output = new StringWriter { NewLine = "\n" };

        ValidationReportPrinter.Render(report, output, TerminalStyle.Plain, verbose: true);

        Assert.Contains("row count               | 10 rows  | 10 rows | PASSED", output.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("FAILED: 1 of 2 checks failed\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verdict_counts_passed_checks_and_notes_unverified_ones()
    {
        var passed = new ValidationCheck("a", "1", "1", CheckStatus.Passed);
        var unverified = new ValidationCheck("b", "0 nulls", "unknown (no stats)", CheckStatus.Unverified);

        Assert.Equal("PASSED: 2 checks", ValidationReportTable.Verdict(Small(passed, passed)));
        Assert.Equal("PASSED: 2 checks (1 unverified)", ValidationReportTable.Verdict(Small(passed, unverified)));
        Assert.True(Small(passed, unverified).Passed);
    }

    [Fact]
    public void Long_cells_are_wrapped_whole_and_line_breaks_escaped()
    {
        var location = "https://account.blob.core.windows.net/container/a/very/long/prefix/of/tables/customer_360";
        var report = Small(new ValidationCheck("schema columns", location, "a\nb", CheckStatus.Failed));
        using var output = new StringWriter { NewLine = "\n" };

        ValidationReportPrinter.Render(report, output, TerminalStyle.Plain);

        var text = output.ToString();
        Assert.Contains("a\\nb", text, StringComparison.Ordinal);
        Assert.DoesNotContain("...", text, StringComparison.Ordinal);
        var cells = text.Split('\n').Where(l => l.StartsWith("schema columns", StringComparison.Ordinal) || l.StartsWith("   ", StringComparison.Ordinal))
            .Select(l => l.Split(" | ")[1].Trim());
        Assert.Equal(location, string.Concat(cells));
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= (3 * ValidationReportTable.MaxCellWidth) + 20, line));
    }
}
