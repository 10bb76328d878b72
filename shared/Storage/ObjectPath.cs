namespace Handoff.Shared.Storage;

/// <summary>
/// The rules for object paths inside a store: relative, '/'-separated, no empty, '.' or '..'
/// segments and no backslashes. Both stores use the same rules so that a path valid on disk is
/// valid on Blob and cannot escape the store's root.
/// </summary>
public static class ObjectPath
{
    /// <summary>Returns <paramref name="path"/> if it is a valid object path; throws InvalidLocation otherwise.</summary>
    public static string Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problem = FindProblem(path, allowTrailingSlash: false);
        if (problem is not null)
        {
            throw new StorageException(StorageErrorKind.InvalidLocation, $"invalid object path '{path}': {problem}");
        }

        return path;
    }

    /// <summary>
    /// Checks a listing prefix: empty, or a path that may end in '/' and whose last segment may be
    /// partial ("part-" matches "part-00000.parquet").
    /// </summary>
    public static string ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return prefix;
        }

        var problem = FindProblem(prefix, allowTrailingSlash: true);
        if (problem is not null)
        {
            throw new StorageException(StorageErrorKind.InvalidLocation, $"invalid listing prefix '{prefix}': {problem}");
        }

        return prefix;
    }

    /// <summary>Joins two valid relative paths with '/'; either may be empty.</summary>
    public static string Join(string first, string second)
    {
        if (first.Length == 0)
        {
            return second;
        }

        if (second.Length == 0)
        {
            return first;
        }

        return first.TrimEnd('/') + "/" + second;
    }

    private static string? FindProblem(string path, bool allowTrailingSlash)
    {
        if (path.Length == 0)
        {
            return "the path is empty";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "use '/' as the separator, not '\\'";
        }

        if (path.StartsWith('/') || Path.IsPathRooted(path) || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            return "the path must be relative";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "the path contains a NUL character";
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                if (allowTrailingSlash && i == segments.Length - 1)
                {
                    continue;
                }

                return "the path has an empty segment";
            }

            if (segment is "." or "..")
            {
                return "'.' and '..' segments are not allowed";
            }
        }

        return null;
    }
}
