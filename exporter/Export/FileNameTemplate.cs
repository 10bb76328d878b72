using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Handoff.Exporter.Export;

/// <summary>
/// Names the data files of an export. Tokens: <c>{date:FORMAT}</c> (the export's start time in
/// UTC, .NET custom format such as yyyyMMdd-HHmmss), <c>{exportId}</c>, and <c>{n}</c> or
/// <c>{n:00000}</c> (the file number, from 0). The format's extension is appended. The time
/// is fixed once per export, so every file of one export carries the same date.
/// </summary>
public sealed partial class FileNameTemplate
{
    public const string Default = "part-{n:00000}";

    private readonly string _template;

    private FileNameTemplate(string template) => _template = template;

    public static FileNameTemplate Parse(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            throw new ArgumentException("the file name template is empty");
        }

        if (!TokenPattern().Replace(template, string.Empty).All(IsPlainNameChar))
        {
            throw new ArgumentException($"the file name template '{template}' may only contain letters, digits, '.', '_', '-' and the tokens {{date:FORMAT}}, {{exportId}}, {{n}}, {{n:00000}}");
        }

        if (!template.Contains("{n", StringComparison.Ordinal))
        {
            throw new ArgumentException($"the file name template '{template}' must contain {{n}} or {{n:00000}} so that split files get distinct names");
        }

        var parsed = new FileNameTemplate(template);
        _ = parsed.Render("x", DateTimeOffset.UnixEpoch, 0, string.Empty);
        return parsed;
    }

    public string Render(string exportId, DateTimeOffset startedAt, int fileNumber, string extension)
    {
        var name = TokenPattern().Replace(_template, match => match.Groups["name"].Value switch
        {
            "date" => FormatDate(startedAt, match.Groups["format"].Value),
            "exportId" => exportId,
            "n" => fileNumber.ToString(match.Groups["format"].Success ? match.Groups["format"].Value : "0", CultureInfo.InvariantCulture),
            var other => throw new ArgumentException($"unknown token {{{other}}} in the file name template (known: date, exportId, n)"),
        });
        if (!name.All(IsPlainNameChar) || name.StartsWith('.'))
        {
            throw new ArgumentException($"the file name template renders to '{name}', which is not a safe file name");
        }

        return new StringBuilder(name).Append(extension).ToString();
    }

    private static string FormatDate(DateTimeOffset at, string format)
    {
        if (format.Length == 0)
        {
            throw new ArgumentException("the {date} token needs a format, such as {date:yyyyMMdd}");
        }

        return at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
    }

    private static bool IsPlainNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:(?<format>[^{}]+))?\}")]
    private static partial Regex TokenPattern();
}
