using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Config;

/// <summary>
/// Works out the workspace and identity the way the Databricks CLI does: an explicit flag wins,
/// then the DATABRICKS_* (and ARM_* for Entra ID) variables, then the profile (--profile,
/// DATABRICKS_CONFIG_PROFILE, or DEFAULT) in DATABRICKS_CONFIG_FILE or ~/.databrickscfg. When
/// something is missing, the message lists every place that was looked at.
/// </summary>
public static class DatabricksConfigResolver
{
    private const string DefaultProfile = "DEFAULT";

    public static DatabricksConfig Resolve(DatabricksConfigRequest request)
    {
        var env = request.Environment;
        var profileName = Value(request.Profile) ?? Value(env("DATABRICKS_CONFIG_PROFILE"));
        var profileExplicit = profileName is not null;
        profileName ??= DefaultProfile;
        var profileOrigin = Value(request.Profile) is not null ? "--profile" : "DATABRICKS_CONFIG_PROFILE";

        var filePath = Value(env("DATABRICKS_CONFIG_FILE")) ?? HomeConfigPath(env);
        var file = filePath is null ? null : DatabricksConfigFile.Load(filePath);
        var profile = file?.Profile(profileName);
        if (profileExplicit && profile is null)
        {
            var where = filePath is null ? "no config file (HOME is not set)" : file is null ? $"{filePath} does not exist" : $"{filePath} has profiles: {List(file.Profiles)}";
            throw new DatabricksConfigException($"profile '{profileName}' (from {profileOrigin}) not found: {where}.");
        }

        var profileLabel = filePath is null ? $"profile {profileName} (no HOME, so no ~/.databrickscfg)" : $"profile {profileName} in {filePath}";
        var profileState = file is null ? " (file not found)" : profile is null ? " (no such profile)" : string.Empty;
        var lookup = new Lookup(env, profile, profileLabel);

        var host = lookup.Find(request.Host, "--host", "DATABRICKS_HOST", "host");
        if (host.Value is null)
        {
            throw new DatabricksConfigException(
                $"no Databricks workspace host: looked at --host (not given), DATABRICKS_HOST (not set) and {profileLabel}{profileState}{(profile is null ? string.Empty : " (no host)")}. " +
                "Set DATABRICKS_HOST=https://<workspace> or add 'host = https://<workspace>' to the profile.");
        }

        var hostUri = DatabricksHost.Validate(host.Value, host.Source);
        var config = new DatabricksConfig
        {
            Host = hostUri,
            HostSource = host.Source,
            AuthKind = string.Empty,
            AuthSource = string.Empty,
            Profile = profile is null ? null : profileName,
            ConfigFile = file?.Path,
            ClusterId = lookup.Find(null, null, "DATABRICKS_CLUSTER_ID", "cluster_id").Value,
        };

        var authType = lookup.Find(null, null, "DATABRICKS_AUTH_TYPE", "auth_type");
        var token = lookup.Find(null, null, "DATABRICKS_TOKEN", "token");
        var clientId = lookup.Find(null, null, "DATABRICKS_CLIENT_ID", "client_id");
        var clientSecret = lookup.Find(null, null, "DATABRICKS_CLIENT_SECRET", "client_secret");
        var azureId = lookup.Find(null, null, "ARM_CLIENT_ID", "azure_client_id");
        var azureSecret = lookup.Find(null, null, "ARM_CLIENT_SECRET", "azure_client_secret");
        var azureTenant = lookup.Find(null, null, "ARM_TENANT_ID", "azure_tenant_id");

        var kind = authType.Value?.ToLowerInvariant();
        if (kind is not null && !DatabricksAuthKind.All.Contains(kind))
        {
            throw new DatabricksConfigException($"auth_type '{authType.Value}' from {authType.Source} is not supported; use one of {List(DatabricksAuthKind.All)}.");
        }

        kind ??= token.Value is not null ? DatabricksAuthKind.Pat
            : clientId.Value is not null || clientSecret.Value is not null ? DatabricksAuthKind.OAuthM2M
            : azureId.Value is not null && azureSecret.Value is not null ? DatabricksAuthKind.AzureClientSecret
            : null;

        return kind switch
        {
            DatabricksAuthKind.Pat when token.Value is not null => config with { AuthKind = kind, AuthSource = token.Source, Token = token.Value },
            DatabricksAuthKind.Pat => throw new DatabricksConfigException($"auth_type pat needs a token: set DATABRICKS_TOKEN or add 'token = …' to {profileLabel}."),
            DatabricksAuthKind.OAuthM2M => M2M(config, clientId, clientSecret),
            DatabricksAuthKind.AzureClientSecret => AzureSecret(config, azureId, azureSecret, azureTenant),
            DatabricksAuthKind.AzureCli => config with { AuthKind = kind, AuthSource = authType.Source },
            DatabricksAuthKind.AzureMsi => config with { AuthKind = kind, AuthSource = authType.Source, AzureClientId = azureId.Value },
            _ => throw new DatabricksConfigException(
                $"no Databricks credentials for {hostUri.GetLeftPart(UriPartial.Authority)}: looked at DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, " +
                $"ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID (none set) and {profileLabel}{profileState}{(profile is null ? string.Empty : " (no token, client_id/client_secret or auth_type)")}. " +
                "Set DATABRICKS_TOKEN (a personal access token), or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (a service principal), or add them to the profile."),
        };
    }

    private static DatabricksConfig M2M(DatabricksConfig config, Found clientId, Found clientSecret)
    {
        if (clientId.Value is null || clientSecret.Value is null)
        {
            var (has, missing) = clientId.Value is null ? ($"a client secret ({clientSecret.Source})", "DATABRICKS_CLIENT_ID (or the profile's client_id)") : ($"a client id ({clientId.Source})", "DATABRICKS_CLIENT_SECRET (or the profile's client_secret)");
            throw new DatabricksConfigException($"OAuth M2M needs both a client id and a client secret: found {has}, but not {missing}.");
        }

        return config with { AuthKind = DatabricksAuthKind.OAuthM2M, AuthSource = clientId.Source, ClientId = clientId.Value, ClientSecret = clientSecret.Value };
    }

    private static DatabricksConfig AzureSecret(DatabricksConfig config, Found id, Found secret, Found tenant)
    {
        if (id.Value is null || secret.Value is null || tenant.Value is null)
        {
            throw new DatabricksConfigException("an Entra ID service principal needs ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID (or azure_client_id, azure_client_secret and azure_tenant_id in the profile).");
        }

        return config with { AuthKind = DatabricksAuthKind.AzureClientSecret, AuthSource = id.Source, AzureClientId = id.Value, AzureClientSecret = secret.Value, AzureTenantId = tenant.Value };
    }

    private static string? HomeConfigPath(Func<string, string?> env)
    {
        var home = Value(env("HOME")) ?? Value(env("USERPROFILE"));
        return home is null ? null : Path.Combine(home, ".databrickscfg");
    }

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string List(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "(none)";

    private readonly record struct Found(string? Value, string Source);

    private sealed class Lookup(Func<string, string?> env, IReadOnlyDictionary<string, string>? profile, string profileLabel)
    {
        public Found Find(string? flag, string? flagName, string variable, string key)
        {
            if (Value(flag) is { } fromFlag)
            {
                return new Found(fromFlag, flagName!);
            }

            if (Value(env(variable)) is { } fromEnv)
            {
                return new Found(fromEnv, variable);
            }

            if (profile is not null && profile.TryGetValue(key, out var fromProfile) && Value(fromProfile) is { } value)
            {
                return new Found(value, profileLabel);
            }

            return new Found(null, variable);
        }
    }
}
