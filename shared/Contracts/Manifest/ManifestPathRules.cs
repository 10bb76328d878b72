using System.Globalization;

namespace Handoff.Shared.Manifest;

/// <summary>
/// A manifest file path is relative to the export folder and must stay inside it whatever
/// store resolves it (local disk on Linux or Windows, Blob, DBFS): '/'-separated non-empty
/// segments, none of them "." or "..", no backslash, no ':' (URL schemes, drive letters), no
/// '%' (percent-encoding could hide "../"), no control characters or combining marks (NFD
/// spellings that collide with NFC ones on normalising file systems), and not one of the names
/// the export itself uses for its commit files.
/// </summary>
public static class ManifestPathRules
{
    /// <summary>Azure's limit for a blob name, which the export prefix also counts against.</summary>
    public const int MaxLength = 1024;

    /// <summary>Names at the export folder's root that belong to the commit protocol, not to data.</summary>
    public static IReadOnlyList<string> ReservedNames { get; } = ["manifest.json", ".DONE"];

    // Combining Diacritical Marks: the marks NFD uses to spell accented Latin, Greek and Cyrillic letters.
    private const char CombiningMarksFirst = '\u0300';
    private const char CombiningMarksLast = '\u036F';

    /// <summary>Why <paramref name="path"/> is not a safe relative file path, or null when it is.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "must not be empty";
        }

        var shown = Printable.Text(path);
        if (path.Length > MaxLength)
        {
            return $"is {path.Length} characters long; the limit is {MaxLength}";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return $"'{shown}' contains a backslash; use '/' between folders (a backslash path can escape the export folder on Windows)";
        }

        if (path[0] == '/')
        {
            return $"'{shown}' is absolute; paths are relative to the export folder";
        }

        if (path.Contains(':', StringComparison.Ordinal))
        {
            return $"'{shown}' contains ':' (a URL scheme or drive letter); paths are relative to the export folder";
        }

        if (path.Contains('%', StringComparison.Ordinal))
        {
            return $"'{shown}' contains '%'; percent-encoding is not allowed because it can hide '/' or '..'";
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return $"'{shown}' contains {Printable.Char(c)}";
            }

            if (c is >= CombiningMarksFirst and <= CombiningMarksLast)
            {
                return string.Create(CultureInfo.InvariantCulture, $"'{shown}' contains the combining mark U+{(int)c:X4}; write the precomposed character (Unicode NFC) so the name cannot collide with its composed form");
            }
        }

        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "":
                    return $"'{shown}' has an empty segment ('//' or a trailing '/')";
                case ".":
                    return $"'{shown}' has a '.' segment; write the path without it";
                case "..":
                    return $"'{shown}' has a '..' segment, which escapes the export folder";
            }
        }

        if (ReservedNames.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            return $"'{shown}' is reserved for the export's commit files, not data";
        }

        return null;
    }

    /// <summary>
    /// The key under which two valid paths name the same file on a case-insensitive store
    /// (Windows, macOS). Unicode normalisation needs no folding here: <see cref="Problem"/>
    /// refuses the combining marks that make NFD spellings of accented letters, and the
    /// runtime runs without ICU (InvariantGlobalization), so string.Normalize would not help.
    /// </summary>
    public static string CollisionKey(string path) => path.ToUpperInvariant();
}
