using System.Globalization;
using System.Text;

namespace Handoff.SparkJob.Validation;

/// <summary>
/// The report as an aligned plain-ASCII table for the console (check | expected | actual |
/// status), then a one-line verdict. Long cells are cut; the JSON report keeps them whole.
/// </summary>
public static class ValidationReportTable
{
    public const int MaxCellWidth = 40;

    private static readonly string[] Headers = ["check", "expected", "actual", "status"];

    public static void Render(ValidationReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"export {Cell(report.ExportId)} -> {Cell(report.Table)} (version {report.Version.ToString(CultureInfo.InvariantCulture)})");

        var rows = report.Checks.Select(c => new[] { Cell(c.Name), Cell(c.Expected), Cell(c.Actual), StatusText(c.Status) }).ToList();
        var widths = Headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();

        WriteRow(output, Headers, widths);
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }

        output.WriteLine(Verdict(report));
    }

    /// <summary>"PASSED: N checks" (noting unverified ones) or "FAILED: k of N checks failed".</summary>
    public static string Verdict(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var total = report.Checks.Count;
        if (!report.Passed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"FAILED: {report.FailedCount} of {total} checks failed");
        }

        return report.UnverifiedCount == 0
            ? string.Create(CultureInfo.InvariantCulture, $"PASSED: {total} checks")
            : string.Create(CultureInfo.InvariantCulture, $"PASSED: {total} checks ({report.UnverifiedCount} unverified)");
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths)
    {
        var line = string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i])));
        output.WriteLine(line.TrimEnd());
    }

    private static string StatusText(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "PASSED",
        CheckStatus.Failed => "FAILED",
        CheckStatus.Unverified => "UNVERIFIED",
        _ => status.ToString(),
    };

    /// <summary>One line, at most <see cref="MaxCellWidth"/> characters, control characters escaped.</summary>
    private static string Cell(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => "?" });
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Length <= MaxCellWidth ? builder.ToString() : builder.ToString(0, MaxCellWidth - 3) + "...";
    }
}
