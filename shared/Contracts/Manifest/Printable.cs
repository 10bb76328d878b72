using System.Globalization;
using System.Text;

namespace Handoff.Shared.Manifest;

/// <summary>Shows untrusted text in an error message without control characters breaking the line.</summary>
internal static class Printable
{
    private const int MaxShown = 200;

    public static string Text(string text)
    {
        var shown = text.Length > MaxShown ? text[..MaxShown] + "..." : text;
        var builder = new StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Char(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        '\n' => "a newline",
        '\r' => "a carriage return",
        _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}"),
        _ => $"'{c}'",
    };
}
