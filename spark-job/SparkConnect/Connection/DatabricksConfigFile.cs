namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>
/// Reads the profiles of a Databricks CLI config file (<c>~/.databrickscfg</c>): an INI file
/// with one <c>[PROFILE]</c> section per workspace and <c>key = value</c> lines. Keys are
/// lowercase; comments start with '#' or ';'.
/// </summary>
public static class DatabricksConfigFile
{
    public const string DefaultProfile = "DEFAULT";

    /// <summary>The default file: <c>$DATABRICKS_CONFIG_FILE</c>, else <c>~/.databrickscfg</c>.</summary>
    public static string DefaultPath(Func<string, string?> getVariable) =>
        getVariable("DATABRICKS_CONFIG_FILE") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".databrickscfg");

    /// <summary>The profile's keys and values, or null when the file or the profile does not exist.</summary>
    public static IReadOnlyDictionary<string, string>? ReadProfile(string path, string profile)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        Dictionary<string, string>? values = null;
        var inProfile = false;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                inProfile = string.Equals(line[1..^1].Trim(), profile, StringComparison.Ordinal);
                if (inProfile)
                {
                    values ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                continue;
            }

            if (!inProfile)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The line may hold a secret, so only its position is named.
                throw new FormatException($"{path} line {lineNumber}: expected 'key = value' in profile [{profile}]");
            }

            values![line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        return values;
    }
}
