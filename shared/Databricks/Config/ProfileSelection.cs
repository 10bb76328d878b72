using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Config;

/// <summary>The profile chosen for a run (or none), and what was seen, for messages.</summary>
internal sealed record ProfileSelection(ConfigLayer? Profile, string Label, string State, bool Named)
{
    /// <summary>
    /// Chooses the profile as the Databricks SDK and CLI do. A named profile (the profile option,
    /// DATABRICKS_CONFIG_PROFILE) must exist. Otherwise, when the command line or environment
    /// already give a host or credentials, the file is not read (databricks/databricks-sdk-go
    /// v0.175.0, config/config_file.go <c>configFileLoader.Configure</c>), except that a host
    /// without credentials picks the one profile for that host (databricks/cli 7bbe2852,
    /// libs/databrickscfg/loader.go <c>profileFromHostLoader</c>). With nothing given, the
    /// profile is <c>[__settings__] default_profile</c>, else DEFAULT (<c>resolveProfile</c>).
    /// </summary>
    public static ProfileSelection Choose(ConfigLayer direct, string? filePath, string profileSource)
    {
        var named = direct.Get(DatabricksAttributes.Profile);
        if (filePath is null)
        {
            return named is { } wanted
                ? throw new DatabricksConfigException($"profile '{wanted.Value}' (from {wanted.Source}) not found: there is no config file (HOME is not set, and DATABRICKS_CONFIG_FILE is not either).")
                : new ProfileSelection(null, "~/.databrickscfg", "(HOME is not set)", Named: false);
        }

        if (named is { } name)
        {
            return FromName(name, filePath);
        }

        var directHost = direct.Value(DatabricksAttributes.Host);
        if (directHost is not null || direct.HasCredentials)
        {
            var why = directHost is not null ? "a host" : "credentials";
            var skipped = new ProfileSelection(null, filePath, $"(not read: the environment gives {why} and no profile is named)", Named: false);
            return directHost is not null && !direct.HasCredentials && direct.Value(DatabricksAttributes.AuthType) is null
                ? ForHost(directHost, direct.Get(DatabricksAttributes.Host)!.Value.Source, filePath, profileSource) ?? skipped
                : skipped;
        }

        var file = DatabricksConfigFile.Load(filePath);
        if (file is null)
        {
            return new ProfileSelection(null, $"profile {DatabricksConfigFile.DefaultProfileName} in {filePath}", "(file not found)", Named: false);
        }

        if (file.DefaultProfile is { } chosen)
        {
            return FromName(new Found(chosen, $"[{DatabricksConfigFile.SettingsSection}] default_profile in {filePath}"), filePath, file);
        }

        var fallback = file.Profile(DatabricksConfigFile.DefaultProfileName);
        var label = $"profile {DatabricksConfigFile.DefaultProfileName} in {filePath}";
        return fallback is null
            ? new ProfileSelection(null, label, "(no such profile)", Named: false)
            : new ProfileSelection(ConfigLayer.Profile(DatabricksConfigFile.DefaultProfileName, filePath, fallback), label, string.Empty, Named: false);
    }

    private static ProfileSelection FromName(Found name, string filePath, DatabricksConfigFile? file = null)
    {
        if (name.Value == DatabricksConfigFile.SettingsSection)
        {
            throw new DatabricksConfigException($"{DatabricksConfigFile.SettingsSection} (from {name.Source}) is a reserved section name and cannot be used as a profile.");
        }

        file ??= DatabricksConfigFile.Load(filePath)
            ?? throw new DatabricksConfigException($"profile '{name.Value}' (from {name.Source}) not found: {filePath} does not exist.");
        var values = file.Profile(name.Value)
            ?? throw new DatabricksConfigException($"profile '{name.Value}' (from {name.Source}) not found: {filePath} has profiles: {List(file.Profiles)}.");
        return new ProfileSelection(ConfigLayer.Profile(name.Value, filePath, values), $"profile {name.Value} in {filePath}", string.Empty, Named: true);
    }

    private static ProfileSelection? ForHost(string host, string source, string filePath, string profileSource)
    {
        if (DatabricksConfigFile.Load(filePath) is not { } file)
        {
            return null;
        }

        var wanted = DatabricksHost.Normalize(host, source).Uri;
        var matches = file.Profiles.Where(p => SameHost(file.Profile(p)!, wanted)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => new ProfileSelection(ConfigLayer.Profile(matches[0], filePath, file.Profile(matches[0])!), $"profile {matches[0]} in {filePath} (its host is {source}'s)", string.Empty, Named: false),
            _ => throw new DatabricksConfigException(
                $"{wanted.GetLeftPart(UriPartial.Authority)} (from {source}) has no credentials in the environment, and several profiles in {filePath} are for it: {List(matches)}. Name one with {profileSource} or DATABRICKS_CONFIG_PROFILE."),
        };
    }

    private static bool SameHost(IReadOnlyDictionary<string, string> profile, Uri wanted)
    {
        if (!profile.TryGetValue(DatabricksAttributes.Host.Name, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            return DatabricksHost.SameWorkspace(DatabricksHost.Normalize(text, "host").Uri, wanted);
        }
        catch (DatabricksConfigException)
        {
            return false;
        }
    }

    private static string List(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "(none)";
}
