using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Config;

/// <summary>
/// The Databricks CLI's <c>~/.databrickscfg</c>, read as the SDK reads it (databricks/databricks-sdk-go
/// v0.175.0, config/config_file.go, which loads it with gopkg.in/ini.v1 and
/// <c>SpaceBeforeInlineComment</c>): <c>[PROFILE]</c> sections; <c>key = value</c> (or
/// <c>key: value</c>) lines; whole-line comments after <c>#</c> or <c>;</c>, inline ones only after a
/// space (so a secret may hold '#'); keys before any section belong to DEFAULT; a repeated section
/// adds to the first. <c>[__settings__]</c> is not a profile: its <c>default_profile</c> names the
/// profile to use when none is named. Errors name the line, never its content (it may be a secret).
/// </summary>
public sealed class DatabricksConfigFile
{
    public const string DefaultProfileName = "DEFAULT";
    public const string SettingsSection = "__settings__";

    private readonly Dictionary<string, Dictionary<string, string>> _sections;

    private DatabricksConfigFile(string path, Dictionary<string, Dictionary<string, string>> sections)
    {
        Path = path;
        _sections = sections;
    }

    public string Path { get; }

    /// <summary>The profiles, in file order, without <c>[__settings__]</c>.</summary>
    public IReadOnlyList<string> Profiles => _sections.Keys.Where(k => k != SettingsSection).ToList();

    /// <summary><c>[__settings__] default_profile</c>, which <c>databricks auth switch</c> writes; null when unset.</summary>
    public string? DefaultProfile =>
        _sections.TryGetValue(SettingsSection, out var settings) && settings.TryGetValue("default_profile", out var name) && name.Trim().Length > 0 ? name.Trim() : null;

    /// <summary>The file, or null when it does not exist.</summary>
    public static DatabricksConfigFile? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
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
                var close = line.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new DatabricksConfigException($"{path} line {number}: a section header must look like [PROFILE]");
                }

                current = Section(sections, line[1..close].Trim());
                continue;
            }

            var delimiter = line.IndexOfAny(['=', ':']);
            if (delimiter <= 0)
            {
                throw new DatabricksConfigException($"{path} line {number}: expected 'key = value'");
            }

            current ??= Section(sections, DefaultProfileName);
            current[line[..delimiter].Trim()] = Value(line[(delimiter + 1)..]);
        }

        return new DatabricksConfigFile(path, sections);
    }

    /// <summary>The profile's keys (case-insensitive) and values, or null when there is no such section.</summary>
    public IReadOnlyDictionary<string, string>? Profile(string name) =>
        name != SettingsSection && _sections.TryGetValue(name, out var values) ? values : null;

    private static Dictionary<string, string> Section(Dictionary<string, Dictionary<string, string>> sections, string name)
    {
        if (!sections.TryGetValue(name, out var section))
        {
            section = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            sections[name] = section;
        }

        return section;
    }

    /// <summary>A value without an inline comment (one that follows a space) and without surrounding quotes.</summary>
    private static string Value(string text)
    {
        var value = text.Trim();
        if (value.Length >= 2 && value[0] is '"' or '`' && value[^1] == value[0])
        {
            return value[1..^1];
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is '#' or ';' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].TrimEnd();
            }
        }

        return value;
    }
}
