using System.Globalization;
using System.Text;
using Handoff.Shared.Cli;
using Handoff.Shared.Validation;

namespace Handoff.SparkJob.Output;

/// <summary>
/// Checks as an aligned plain-text table (check | expected | actual | status). A cell longer than
/// its column is wrapped onto the next lines, never cut, so a location or a column list is shown
/// whole; control characters are escaped so a cell cannot break the layout.
/// </summary>
public static partial class ValidationReportTable
{
    /// <summary>The widest a column gets when the output's width is not known.</summary>
    public const int MaxCellWidth = 40;

    private static readonly string[] Headers = ["check", "expected", "actual", "status"];

    public static void Write(IReadOnlyList<ValidationCheck> checks, TextWriter output, TerminalStyle style)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(style);
        var limit = CellLimit(style.Width);
        var rows = checks.Select(c => new[] { OneLine(c.Name), Readable(OneLine(c.Expected)), Readable(OneLine(c.Actual)), StatusText(c.Status) }).ToList();
        var widths = Headers.Select((h, i) => Math.Min(limit, rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();

        WriteRow(output, Headers, widths, Tone.Plain, style);
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        for (var i = 0; i < rows.Count; i++)
        {
            WriteRow(output, rows[i], widths, ToneOf(checks[i].Status), style);
        }
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

    public static string StatusText(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "PASSED",
        CheckStatus.Failed => "FAILED",
        CheckStatus.Unverified => "UNVERIFIED",
        _ => status.ToString(),
    };

    public static Tone ToneOf(CheckStatus status) => status switch
    {
        CheckStatus.Passed => Tone.Good,
        CheckStatus.Failed => Tone.Bad,
        _ => Tone.Warning,
    };

    /// <summary>Pieces of at most <paramref name="width"/> characters, broken after a space or a comma where one is near.</summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<string>();
        var rest = text;
        while (rest.Length > width)
        {
            var cut = rest.LastIndexOfAny([' ', ',', '/'], width - 1);
            cut = cut >= width / 2 ? cut + 1 : width;
            pieces.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        pieces.Add(rest);
        return pieces;
    }

    // On a terminal, three text columns share what the status column leaves; elsewhere a fixed width.
    private static int CellLimit(int? width) => width is { } w ? Math.Max(16, (w - 10 - 9) / 3) : MaxCellWidth;

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths, Tone tone, TerminalStyle style)
    {
        var wrapped = cells.Select((c, i) => Wrap(c, widths[i])).ToList();
        var lines = wrapped.Max(w => w.Count);
        for (var line = 0; line < lines; line++)
        {
            var text = new StringBuilder();
            for (var i = 0; i < cells.Count; i++)
            {
                var piece = line < wrapped[i].Count ? wrapped[i][line] : string.Empty;
                var padded = i == cells.Count - 1 ? piece : piece.PadRight(widths[i]);
                text.Append(i == cells.Count - 1 ? style.Paint(padded, tone) : padded);
                if (i < cells.Count - 1)
                {
                    text.Append(" | ");
                }
            }

            output.WriteLine(text.ToString().TrimEnd());
        }
    }

    /// <summary>
    /// A count with thousands separators for people ("1500 rows" → "1,500 rows"); the stored
    /// report keeps the plain digits scripts read. Only a cell that is a whole count is changed,
    /// never digits inside a name, an id or a checksum.
    /// </summary>
    public static string Readable(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var match = Count().Match(cell);
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count.ToString("N0", CultureInfo.InvariantCulture) + match.Groups[2].Value
            : cell;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^([0-9]{4,18})( rows added| rows| nulls|)$")]
    private static partial System.Text.RegularExpressions.Regex Count();

    private static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => "?" } : c.ToString());
        }

        return builder.ToString();
    }
}
