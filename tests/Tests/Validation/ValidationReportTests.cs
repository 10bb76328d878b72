using System.Text.Json;
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
    public void Console_table_is_aligned_and_ends_with_the_verdict()
    {
        var report = Small(
            new ValidationCheck("row count", "10 rows", "10 rows", CheckStatus.Passed),
            new ValidationCheck("column customer_id type", "long", "integer", CheckStatus.Failed));
        using var output = new StringWriter { NewLine = "\n" };

        ValidationReportTable.Render(report, output);

        Assert.Equal(
            """
            export daily-1 -> /data/sales (version 7)
            check                   | expected | actual  | status
            ------------------------+----------+---------+-------
            row count               | 10 rows  | 10 rows | PASSED
            column customer_id type | long     | integer | FAILED
            FAILED: 1 of 2 checks failed

            """,
            output.ToString());
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
    public void Long_and_multi_line_cells_stay_on_one_bounded_line()
    {
        var report = Small(new ValidationCheck("schema columns", new string('c', 200), "a\nb", CheckStatus.Failed));
        using var output = new StringWriter { NewLine = "\n" };

        ValidationReportTable.Render(report, output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Contains("a\\nb", lines[3], StringComparison.Ordinal);
        Assert.Contains(new string('c', ValidationReportTable.MaxCellWidth - 3) + "...", lines[3], StringComparison.Ordinal);
    }
}
