using System.IO.Enumeration;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>
/// The files of a selection <c>&lt;folder&gt;[/&lt;pattern&gt;]</c>: the files directly in
/// the folder whose names match the pattern (<c>*</c> any run of characters, <c>?</c> one; no
/// pattern means every file). Hidden files are never data, whatever the pattern: names starting
/// with '_' or '.' (_SUCCESS, .DONE, .crc files) and names ending in "._COPYING_", the rule
/// Spark's file index applies (apache/spark HadoopFSUtils.shouldFilterOutPathName), and the
/// export's own manifest.json.
/// </summary>
public sealed record FileSelection(StorageLocation Folder, string? Pattern)
{
    private const string CopyingSuffix = "._COPYING_";

    /// <summary>What the selection shows in messages and in the manifest's source: the pattern, or "*".</summary>
    public string PatternText => Pattern ?? "*";

    /// <summary>The literal start of the pattern: listing with it as prefix skips files that cannot match.</summary>
    public string ListingPrefix => Pattern is null ? string.Empty : Pattern[..Pattern.IndexOfAny(['*', '?'])];

    /// <summary>Splits a trailing name pattern (the last segment, if it holds '*' or '?') from the folder.</summary>
    public static FileSelection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var isUrl = trimmed.Contains("://", StringComparison.Ordinal);

        // In a URL, '?' starts the query (a SAS); only '*' marks a pattern there.
        var queryStart = isUrl ? trimmed.IndexOf('?', StringComparison.Ordinal) : -1;
        var path = queryStart < 0 ? trimmed : trimmed[..queryStart];
        var query = queryStart < 0 ? string.Empty : trimmed[queryStart..];
        var cut = path.LastIndexOfAny(isUrl ? ['/'] : ['/', Path.DirectorySeparatorChar]);
        var last = path[(cut + 1)..];
        var wildcards = isUrl ? ['*'] : new[] { '*', '?' };
        if (cut < 0 || last.IndexOfAny(wildcards) < 0)
        {
            if (path.IndexOfAny(wildcards) >= 0)
            {
                throw WildcardBeforeLastPart(trimmed);
            }

            return new FileSelection(StorageLocationParser.Parse(trimmed), null);
        }

        var folder = path[..cut];
        if (folder.IndexOfAny(wildcards) >= 0)
        {
            throw WildcardBeforeLastPart(trimmed);
        }

        return new FileSelection(StorageLocationParser.Parse((folder.Length == 0 ? "/" : folder) + query), last);
    }

    private static InputArgumentException WildcardBeforeLastPart(string text)
    {
        var redacted = StorageLocationParser.Redact(text);
        return new InputArgumentException($"'{redacted}': a wildcard is allowed only in the last part of a file selection, the file name pattern (as in <folder>/part-*.parquet)", new WildcardBeforeLastPart(redacted));
    }

    /// <summary>True for a data file this selection takes: a direct child of the folder, not hidden, matching the pattern.</summary>
    public bool Takes(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Contains('/', StringComparison.Ordinal) || IsHidden(relativePath) || relativePath == ManifestJson.FileName)
        {
            return false;
        }

        return Pattern is null || FileSystemName.MatchesSimpleExpression(Pattern, relativePath, ignoreCase: false);
    }

    private static bool IsHidden(string name) =>
        name.StartsWith('_') || name.StartsWith('.') || name.EndsWith(CopyingSuffix, StringComparison.Ordinal);
}
