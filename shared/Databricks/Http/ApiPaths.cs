using System.Globalization;
using System.Text;

namespace Handoff.Shared.Databricks.Http;

/// <summary>Builds request paths: file paths escaped segment by segment, query strings from name/value pairs.</summary>
internal static class ApiPaths
{
    /// <summary><c>/Volumes/c/s/v/a b.txt</c> → <c>/Volumes/c/s/v/a%20b.txt</c>; slashes stay separators.</summary>
    public static string EscapeFilePath(string path)
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"'{path}' is not an absolute path (it must start with /)", nameof(path));
        }

        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    public static string WithQuery(string path, params (string Name, object? Value)[] query)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (value is null)
            {
                continue;
            }

            var text = value switch
            {
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(text));
            separator = '&';
        }

        return builder.ToString();
    }
}
