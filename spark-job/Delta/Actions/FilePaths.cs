using System.Text;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Actions;

/// <summary>
/// The log stores file paths as URIs (RFC 2396): relative ones are resolved against the table
/// root after decoding. This code reads and writes relative paths only.
/// </summary>
public static class FilePaths
{
    /// <summary>The object path, relative to the table root, of a log path such as "a%3Db/part-0.parquet".</summary>
    public static string ToObjectPath(string logPath)
    {
        if (HasScheme(logPath) || logPath.StartsWith('/'))
        {
            throw new DeltaException(
                DeltaErrorKind.UnreadableFile,
                $"the log refers to the absolute path '{logPath}'; only files inside the table folder (relative paths) can be read");
        }

        return Uri.UnescapeDataString(logPath);
    }

    /// <summary>The URI-encoded form of a relative object path, as written in add/remove actions.</summary>
    public static string ToLogPath(string objectPath)
    {
        var text = new StringBuilder(objectPath.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(objectPath))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/' or '=')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static bool HasScheme(string path)
    {
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }
}
