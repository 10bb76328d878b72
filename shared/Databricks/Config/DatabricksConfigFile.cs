namespace Handoff.Shared.Databricks.Config;

/// <summary>
/// The Databricks CLI's <c>~/.databrickscfg</c>: INI sections named after profiles, <c>key = value</c>
/// lines, <c>#</c> and <c>;</c> comments. Keys are case-insensitive, as the CLI reads them.
/// </summary>
public sealed class DatabricksConfigFile
{
    private readonly Dictionary<string, Dictionary<string, string>> _profiles;

    private DatabricksConfigFile(string path, Dictionary<string, Dictionary<string, string>> profiles)
    {
        Path = path;
        _profiles = profiles;
    }

    public string Path { get; }

    public IReadOnlyCollection<string> Profiles => _profiles.Keys;

    /// <summary>The file, or null when it does not exist.</summary>
    public static DatabricksConfigFile? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var profiles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (!line.EndsWith(']'))
                {
                    throw new Errors.DatabricksConfigException($"{path} line {number}: a section header must look like [PROFILE]");
                }

                var name = line[1..^1].Trim();
                if (!profiles.TryGetValue(name, out current))
                {
                    current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    profiles[name] = current;
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new Errors.DatabricksConfigException($"{path} line {number}: expected 'key = value' inside a [PROFILE] section");
            }

            if (current is null)
            {
                throw new Errors.DatabricksConfigException($"{path} line {number}: '{line[..equals].Trim()}' comes before any [PROFILE] section");
            }

            current[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        return new DatabricksConfigFile(path, profiles);
    }

    public IReadOnlyDictionary<string, string>? Profile(string name) => _profiles.TryGetValue(name, out var values) ? values : null;
}
