using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Handoff.Shared.Input;

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

    // File numbers tried at parse time: the first, a second, a two-digit and a five-digit one.
    private static readonly int[] SampleNumbers = [0, 1, 10, 12345];

    private readonly string _template;

    private FileNameTemplate(string template) => _template = template;

    public static FileNameTemplate Parse(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            throw new InputArgumentException("the file name template is empty");
        }

        if (!TokenPattern().Replace(template, string.Empty).All(IsPlainNameChar))
        {
            throw new InputArgumentException($"the file name template '{template}' may only contain letters, digits, '.', '_', '-' and the tokens {{date:FORMAT}}, {{exportId}}, {{n}}, {{n:00000}}");
        }

        if (!template.Contains("{n", StringComparison.Ordinal))
        {
            throw new InputArgumentException($"the file name template '{template}' must contain {{n}} or {{n:00000}} so that split files get distinct names");
        }

        // The number format must give every file its own, visible name: try a few numbers now
        // rather than find out after the tenth file.
        var parsed = new FileNameTemplate(template);
        List<string> samples;
        try
        {
            samples = SampleNumbers.Select(n => parsed.Render("x", DateTimeOffset.UnixEpoch, n, string.Empty)).ToList();
        }
        catch (FormatException error)
        {
            // A {date:...} or {n:...} format .NET refuses (such as {date:%}) is the template's fault.
            throw new InputArgumentException(error.Message);
        }

        if (samples.Distinct(StringComparer.Ordinal).Count() != samples.Count)
        {
            throw new InputArgumentException($"the file name template '{template}' gives different files the same name ({string.Join(", ", samples)}); use {{n}} or a zero-padded {{n:00000}}");
        }

        return parsed;
    }

    public string Render(string exportId, DateTimeOffset startedAt, int fileNumber, string extension)
    {
        var name = TokenPattern().Replace(_template, match => match.Groups["name"].Value switch
        {
            "date" => FormatDate(startedAt, match.Groups["format"].Value),
            "exportId" => exportId,
            "n" => fileNumber.ToString(match.Groups["format"].Success ? match.Groups["format"].Value : "0", CultureInfo.InvariantCulture),
            var other => throw new InputArgumentException($"unknown token {{{other}}} in the file name template (known: date, exportId, n)"),
        });
        if (name.Length == 0 || !name.All(IsPlainNameChar) || name.StartsWith('.'))
        {
            throw new InputArgumentException($"the file name template renders to '{name}', which is not a safe file name");
        }

        return new StringBuilder(name).Append(extension).ToString();
    }

    private static string FormatDate(DateTimeOffset at, string format)
    {
        if (format.Length == 0)
        {
            throw new InputArgumentException("the {date} token needs a format, such as {date:yyyyMMdd}");
        }

        return at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
    }

    private static bool IsPlainNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:(?<format>[^{}]+))?\}")]
    private static partial Regex TokenPattern();
}
