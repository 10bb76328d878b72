using System.Globalization;
using Handoff.Shared.Cli;
using Handoff.Shared.Progress;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Output;

/// <summary>
/// The report for a person: the summary first (files, rows, schema, the table, the time), then
/// only the checks that failed or could not be verified, in full, then the verdict. Verbose
/// prints every check. Colour and wrapping follow <see cref="TerminalStyle"/>.
/// </summary>
public static class ValidationReportPrinter
{
    private const int LabelWidth = 9;

    public static void Render(ValidationReport report, TextWriter output, TerminalStyle style, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(style);
        var verdictTone = report.Passed ? Tone.Good : Tone.Bad;
        Line(output, style, $"validation {(report.Passed ? "PASSED" : "FAILED")}: export {report.ExportId} -> {report.Table}", verdictTone, 2);
        if (ExportInTableCheck.Sentence(report) is { } missing)
        {
            Line(output, style, missing, Tone.Bad, 2);
        }

        if (report.Summary is { } summary)
        {
            foreach (var (label, text, tone) in SummaryLines(summary, report))
            {
                Line(output, style, "  " + label.PadRight(LabelWidth) + text, tone, 2 + LabelWidth);
            }
        }

        var shown = verbose ? report.Checks : report.Checks.Where(c => c.Status != CheckStatus.Passed).ToList();
        if (shown.Count > 0)
        {
            output.WriteLine(verbose ? "checks:" : "checks that did not pass:");
            ValidationReportTable.Write(shown, output, style);
        }

        var verdict = ValidationReportTable.Verdict(report);
        var hint = !verbose && shown.Count < report.Checks.Count ? " (--verbose lists every check)" : string.Empty;
        output.WriteLine(style.Paint(verdict, verdictTone) + hint);
    }

    private static IEnumerable<(string Label, string Text, Tone Tone)> SummaryLines(ValidationSummary summary, ValidationReport report)
    {
        var allFiles = summary.FilesVerified == summary.Files;
        var checksums = summary.Checksums is { } kind ? $"; {kind}" : string.Empty;
        yield return ("files", Invariant($"{summary.FilesVerified:N0}/{summary.Files:N0} verified ({Units.Bytes(summary.Bytes)}{checksums})"), allFiles ? Tone.Plain : FileTone(report));

        var where = summary.Mode == TableFacts.Append ? "added by its load" : "in the table";
        yield return summary.RowsActual switch
        {
            null => ("rows", Invariant($"{summary.RowsExpected:N0} expected, not counted"), Tone.Warning),
            var actual when actual == summary.RowsExpected => ("rows", Invariant($"{summary.RowsExpected:N0} expected = {actual:N0} {where}"), Tone.Plain),
            var actual => ("rows", Invariant($"{summary.RowsExpected:N0} expected, but {actual:N0} {where}"), Tone.Bad),
        };

        var wrong = new List<string>();
        if (!summary.NamesMatch)
        {
            wrong.Add("names");
        }

        if (!summary.TypesMatch)
        {
            wrong.Add("types");
        }

        if (!summary.NullabilityMatch)
        {
            wrong.Add("nullability");
        }

        var columns = summary.Columns == 1 ? "1 column" : Invariant($"{summary.Columns:N0} columns");
        yield return wrong.Count == 0
            ? ("schema", $"{columns}: names, types and nullability match", Tone.Plain)
            : ("schema", $"{columns}: {string.Join(" and ", wrong)} differ", Tone.Bad);
        yield return ("table", Invariant($"version {summary.TableVersion}, {summary.TableRows:N0} rows in total"), Tone.Plain);
        if (summary.Elapsed is { } elapsed)
        {
            yield return ("elapsed", Units.Duration(elapsed), Tone.Plain);
        }
    }

    private static Tone FileTone(ValidationReport report) =>
        report.Checks.Any(c => c.Name.StartsWith("file ", StringComparison.Ordinal) && c.Status == CheckStatus.Failed) ? Tone.Bad : Tone.Warning;

    /// <summary>One logical line, wrapped to the terminal's width with a hanging indent; never cut.</summary>
    private static void Line(TextWriter output, TerminalStyle style, string text, Tone tone, int indent)
    {
        if (style.Width is not { } width || text.Length <= width)
        {
            output.WriteLine(style.Paint(text, tone));
            return;
        }

        var pieces = ValidationReportTable.Wrap(text, width);
        output.WriteLine(style.Paint(pieces[0], tone));
        foreach (var piece in ValidationReportTable.Wrap(string.Join(" ", pieces.Skip(1)), Math.Max(10, width - indent)))
        {
            output.WriteLine(new string(' ', indent) + style.Paint(piece, tone));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
