namespace Handoff.Shared.Manifest;

/// <summary>
/// An export id names the export's folder and the Delta <c>txn</c> app version, so it must be
/// a safe single path segment: 1-128 of <c>[A-Za-z0-9._-]</c>, not starting with '.' (which
/// would make it hidden, or "." / "..").
/// </summary>
public static class ExportIdRules
{
    public const int MaxLength = 128;

    /// <summary>Why <paramref name="exportId"/> is not a valid export id, or null when it is.</summary>
    public static string? Problem(string? exportId)
    {
        if (string.IsNullOrEmpty(exportId))
        {
            return "must not be empty";
        }

        if (exportId.Length > MaxLength)
        {
            return $"is {exportId.Length} characters long; the limit is {MaxLength}";
        }

        if (exportId[0] == '.')
        {
            return $"'{exportId}' must not start with '.'";
        }

        foreach (var c in exportId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return $"'{Printable.Text(exportId)}' contains {Printable.Char(c)}; only letters A-Z a-z, digits, '.', '_' and '-' are allowed";
            }
        }

        return null;
    }
}
