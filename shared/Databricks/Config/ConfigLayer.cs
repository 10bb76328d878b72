namespace Handoff.Shared.Databricks.Config;

/// <summary>A value and the place it came from ("DATABRICKS_TOKEN", the command line's host option, "profile prod in ~/.databrickscfg").</summary>
internal readonly record struct Found(string Value, string Source);

/// <summary>
/// The attributes one place gives: the command line with the environment (one layer: what the
/// user says for this run), or one profile of the config file. Host and credentials are always
/// taken from a single layer.
/// </summary>
internal sealed class ConfigLayer
{
    private readonly Dictionary<string, Found> _values = new(StringComparer.Ordinal);

    private ConfigLayer(string label, string? profileName)
    {
        Label = label;
        ProfileName = profileName;
    }

    /// <summary>"the environment" or "profile prod in /home/me/.databrickscfg".</summary>
    public string Label { get; }

    /// <summary>The profile's name; null for the command line and environment.</summary>
    public string? ProfileName { get; }

    /// <summary>The credential attributes set here, in table order.</summary>
    public IReadOnlyList<DatabricksAttribute> Credentials => DatabricksAttributes.Credentials.Where(a => _values.ContainsKey(a.Name)).ToList();

    /// <summary>The authorization methods those attributes belong to ("pat", "oauth", "azure", ...).</summary>
    public IReadOnlyList<string> Methods => Credentials.Select(a => a.AuthMethod!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public bool HasCredentials => Credentials.Count > 0;

    /// <summary>The command line's host and profile first, then the DATABRICKS_* and ARM_* variables.</summary>
    public static ConfigLayer Direct(DatabricksConfigRequest request)
    {
        var layer = new ConfigLayer("the environment", null);
        foreach (var attribute in DatabricksAttributes.All)
        {
            var flag = attribute == DatabricksAttributes.Host ? (request.Host, request.HostSource)
                : attribute == DatabricksAttributes.Profile ? (request.Profile, request.ProfileSource)
                : ((string?)null, string.Empty);
            if (Clean(flag.Item1) is { } fromFlag)
            {
                layer._values[attribute.Name] = new Found(fromFlag, flag.Item2);
            }
            else if (Clean(request.Environment(attribute.Variable)) is { } fromEnvironment)
            {
                layer._values[attribute.Name] = new Found(fromEnvironment, attribute.Variable);
            }
        }

        return layer;
    }

    public static ConfigLayer Profile(string name, string path, IReadOnlyDictionary<string, string> values)
    {
        var layer = new ConfigLayer($"profile {name} in {path}", name);
        foreach (var attribute in DatabricksAttributes.All)
        {
            if (values.TryGetValue(attribute.Name, out var raw) && Clean(raw) is { } value)
            {
                layer._values[attribute.Name] = new Found(value, layer.Label);
            }
        }

        return layer;
    }

    public Found? Get(DatabricksAttribute attribute) => _values.TryGetValue(attribute.Name, out var found) ? found : null;

    public string? Value(DatabricksAttribute attribute) => Get(attribute)?.Value;

    /// <summary>"DATABRICKS_TOKEN and ARM_CLIENT_ID" or "token and azure_client_id", for messages.</summary>
    public string Names(IEnumerable<DatabricksAttribute> attributes) =>
        string.Join(", ", attributes.Select(a => ProfileName is null ? Get(a)?.Source ?? a.Variable : a.Name));

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
