using System.Text.RegularExpressions;

namespace Handoff.Shared.Storage;

/// <summary>
/// Names of the hidden temp files an upload writes next to its target before the rename that
/// makes it visible. Listings skip them, so a reader never sees a half-written object.
/// </summary>
internal static partial class TempFileNames
{
    public static string For(string targetFullPath)
    {
        var directory = Path.GetDirectoryName(targetFullPath) ?? throw new ArgumentException("the target has no folder", nameof(targetFullPath));
        return Path.Combine(directory, $".{Path.GetFileName(targetFullPath)}.{Guid.NewGuid():N}.tmp");
    }

    public static bool IsTemp(string fileName) => Pattern().IsMatch(fileName);

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
