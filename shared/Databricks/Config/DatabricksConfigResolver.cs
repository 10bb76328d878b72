using Handoff.Shared.Databricks.Errors;
using A = Handoff.Shared.Databricks.Config.DatabricksAttributes;

namespace Handoff.Shared.Databricks.Config;

/// <summary>
/// Works out the workspace and identity for both programs, in the Databricks SDK's order:
/// the command line (a host, a profile), then the DATABRICKS_* and ARM_* variables, then the
/// named profile, then <c>[__settings__] default_profile</c>, then DEFAULT, in
/// DATABRICKS_CONFIG_FILE or ~/.databrickscfg (see <see cref="ProfileSelection"/>).
/// <para>
/// Host and credentials always come from one place. Flags and variables count as one place;
/// a profile's credentials go only to the host that profile names; credentials in the
/// environment go only to a host from the command line or environment. So a profile's token
/// never reaches a host from DATABRICKS_HOST, which the SDK achieves by not reading the file
/// at all once the environment gives a host or credentials (config/config_file.go).
/// </para>
/// <para>
/// The method is <c>auth_type</c> when set (config/auth_default.go tries only that strategy);
/// otherwise the one method whose attributes are set. Attributes of two methods are an error
/// that names them (config/config_attributes.go <c>Validate</c>). Every error lists what was looked at.
/// </para>
/// </summary>
public static class DatabricksConfigResolver
{
    public static DatabricksConfig Resolve(DatabricksConfigRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var direct = ConfigLayer.Direct(request);
        var filePath = direct.Value(A.ConfigFile) ?? HomeConfigPath(request.Environment);
        var selection = ProfileSelection.Choose(direct, filePath, request.ProfileSource);
        var profile = selection.Profile;

        var host = direct.Get(A.Host) ?? profile?.Get(A.Host) ?? throw NoHost(request, selection);
        var normalized = DatabricksHost.Normalize(host.Value, host.Source);
        var hostFromDirect = direct.Get(A.Host) is not null;
        ConfigLayer? used;
        if (hostFromDirect)
        {
            used = profile is not null && ProfileHost(profile) is { } profileHost && DatabricksHost.SameWorkspace(profileHost, normalized.Uri) ? profile : null;
            if (profile is not null && used is null && (selection.Named ? ProfileHost(profile) is not null : !direct.HasCredentials && profile.HasCredentials))
            {
                throw CrossedHost(profile, normalized, host.Source);
            }
        }
        else
        {
            used = profile;
            if (direct.HasCredentials)
            {
                throw EnvironmentCredentialsForProfileHost(direct, profile!, normalized);
            }
        }

        var credentials = direct.HasCredentials ? direct : used ?? direct;
        var config = new DatabricksConfig
        {
            Host = normalized.Uri,
            HostSource = host.Source,
            WorkspaceId = normalized.WorkspaceId,
            AuthKind = string.Empty,
            AuthSource = string.Empty,
            Profile = used?.ProfileName,
            ConfigFile = used is null ? null : filePath,
            ClusterId = direct.Value(A.ClusterId) ?? used?.Value(A.ClusterId),
            ServerlessComputeId = direct.Value(A.ServerlessComputeId) ?? used?.Value(A.ServerlessComputeId),
            DatabricksCliPath = direct.Value(A.DatabricksCliPath) ?? used?.Value(A.DatabricksCliPath),
            Environment = request.Environment,
        };
        var authType = direct.Get(A.AuthType) ?? used?.Get(A.AuthType);
        var kind = authType is { } chosen ? Chosen(chosen) : Inferred(credentials);
        return kind switch
        {
            null => throw NoCredentials(normalized, profile, used, selection),
            DatabricksAuthKind.Pat => Pat(config, credentials),
            DatabricksAuthKind.OAuthM2M => M2M(config, credentials),
            DatabricksAuthKind.AzureClientSecret => AzureSecret(config, credentials),
            DatabricksAuthKind.AzureMsi => config with { AuthKind = kind, AuthSource = authType?.Source ?? credentials.Get(A.AzureUseMsi)!.Value.Source, AzureClientId = credentials.Value(A.AzureClientId) },
            _ => config with { AuthKind = kind, AuthSource = authType?.Source ?? credentials.Label, AzureTenantId = credentials.Value(A.AzureTenantId) },
        };
    }

    /// <summary>True when there is anything Databricks to go on: a host or profile in the environment, or a config file.</summary>
    public static bool HasAnySource(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var direct = ConfigLayer.Direct(new DatabricksConfigRequest { Environment = environment });
        return direct.Get(A.Host) is not null || direct.Get(A.Profile) is not null
            || (direct.Value(A.ConfigFile) ?? HomeConfigPath(environment)) is { } path && File.Exists(path);
    }

    private static string? Chosen(Found authType)
    {
        var kind = authType.Value.ToLowerInvariant();
        return DatabricksAuthKind.All.Contains(kind)
            ? kind
            : throw new DatabricksConfigException($"auth_type '{authType.Value}' from {authType.Source} is not supported; use one of {string.Join(", ", DatabricksAuthKind.All)}.");
    }

    /// <summary>The method the set attributes name; the SDK's default chain would try the same one first.</summary>
    private static string? Inferred(ConfigLayer layer)
    {
        var methods = layer.Methods;
        if (methods.Count > 1)
        {
            throw new DatabricksConfigException(
                $"more than one authorization method configured: {string.Join(" and ", methods)} ({layer.Names(layer.Credentials)} in {layer.Label}). " +
                "Keep the attributes of one method, or choose one with auth_type (DATABRICKS_AUTH_TYPE).");
        }

        return methods switch
        {
            [] => null,
            ["pat"] => DatabricksAuthKind.Pat,
            ["oauth"] => DatabricksAuthKind.OAuthM2M,
            ["azure"] when IsTrue(layer.Value(A.AzureUseMsi)) => DatabricksAuthKind.AzureMsi,
            ["azure"] when layer.Value(A.AzureClientId) is not null || layer.Value(A.AzureClientSecret) is not null => DatabricksAuthKind.AzureClientSecret,
            ["azure"] => DatabricksAuthKind.AzureCli,
            _ => throw new DatabricksConfigException(
                $"{layer.Names(layer.Credentials)} in {layer.Label} select {methods[0]} authentication, which is not supported; use a token, OAuth (client_id and client_secret) or Microsoft Entra ID."),
        };
    }

    private static DatabricksConfig Pat(DatabricksConfig config, ConfigLayer layer) => layer.Get(A.Token) is { } token
        ? config with { AuthKind = DatabricksAuthKind.Pat, AuthSource = token.Source, Token = token.Value }
        : throw new DatabricksConfigException($"auth_type pat needs a token: set DATABRICKS_TOKEN or add 'token = …' to the profile (looked at {layer.Label}).");

    private static DatabricksConfig M2M(DatabricksConfig config, ConfigLayer layer)
    {
        var id = layer.Get(A.ClientId);
        var secret = layer.Get(A.ClientSecret);
        if (id is null || secret is null)
        {
            var (has, missing) = id is null
                ? (secret is { } s ? $"a client secret ({s.Source})" : "no client id or secret", "DATABRICKS_CLIENT_ID (or the profile's client_id)")
                : ($"a client id ({id.Value.Source})", "DATABRICKS_CLIENT_SECRET (or the profile's client_secret)");
            throw new DatabricksConfigException($"OAuth M2M needs both a client id and a client secret: found {has}, but not {missing}.");
        }

        return config with { AuthKind = DatabricksAuthKind.OAuthM2M, AuthSource = id.Value.Source, ClientId = id.Value.Value, ClientSecret = secret.Value.Value };
    }

    private static DatabricksConfig AzureSecret(DatabricksConfig config, ConfigLayer layer)
    {
        var (id, secret, tenant) = (layer.Get(A.AzureClientId), layer.Get(A.AzureClientSecret), layer.Get(A.AzureTenantId));
        if (id is null || secret is null || tenant is null)
        {
            throw new DatabricksConfigException(
                $"a Microsoft Entra ID service principal needs ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID (or azure_client_id, azure_client_secret and azure_tenant_id in the profile); {layer.Label} has only {layer.Names(layer.Credentials)}.");
        }

        return config with
        {
            AuthKind = DatabricksAuthKind.AzureClientSecret,
            AuthSource = id.Value.Source,
            AzureClientId = id.Value.Value,
            AzureClientSecret = secret.Value.Value,
            AzureTenantId = tenant.Value.Value,
        };
    }

    private static DatabricksConfigException NoHost(DatabricksConfigRequest request, ProfileSelection selection) => new(
        $"no Databricks workspace host: looked at {request.HostSource} ({(string.IsNullOrWhiteSpace(request.Host) ? "not given" : "empty")}), DATABRICKS_HOST (not set) and " +
        $"{selection.Label}{Space(selection.State)}{(selection.Profile is null ? string.Empty : " (no host)")}. " +
        "Set DATABRICKS_HOST=https://<workspace>, or add 'host = https://<workspace>' to the profile (databricks auth login --host https://<workspace> writes one).");

    private static DatabricksConfigException NoCredentials(NormalizedHost host, ConfigLayer? profile, ConfigLayer? used, ProfileSelection selection)
    {
        var where = used is not null ? $"{used.Label} (no token, client_id/client_secret or auth_type)"
            : profile is not null ? $"{profile.Label} ({(ProfileHost(profile) is { } other ? $"for {other.GetLeftPart(UriPartial.Authority)}" : "no host")}, so not used for {host.Text})"
            : $"{selection.Label}{Space(selection.State)}";
        return new DatabricksConfigException(
            $"no Databricks credentials for {host.Text}: looked at DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID, DATABRICKS_AUTH_TYPE (none set) and {where}. " +
            $"Set DATABRICKS_TOKEN (a personal access token), or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (a service principal), or run 'databricks auth login --host {host.Text}' (a profile with auth_type = databricks-cli).");
    }

    /// <summary>A profile for one workspace and a host for another: refused rather than silently choosing, so nothing of one reaches the other.</summary>
    private static DatabricksConfigException CrossedHost(ConfigLayer profile, NormalizedHost host, string hostSource)
    {
        var profileHost = ProfileHost(profile);
        var what = profileHost is null ? "names no host" : $"is for {profileHost.GetLeftPart(UriPartial.Authority)}";
        var credentials = profile.HasCredentials ? $"its credentials ({profile.Names(profile.Credentials)}) are" : "its settings are";
        return new DatabricksConfigException(
            $"{profile.Label} {what}, but {hostSource} gives {host.Text}: {credentials} not used for another workspace. " +
            $"Unset {hostSource} to use the profile's workspace, or give credentials for {host.Text} in the environment (DATABRICKS_TOKEN, ...) without naming that profile.");
    }

    private static DatabricksConfigException EnvironmentCredentialsForProfileHost(ConfigLayer direct, ConfigLayer profile, NormalizedHost host) => new(
        $"{direct.Names(direct.Credentials)} {(direct.Credentials.Count == 1 ? "is" : "are")} set, but the host {host.Text} comes from {profile.Label}: credentials from the environment are sent only to a host " +
        $"from the environment. Set DATABRICKS_HOST={host.Text} as well to use them with that workspace, or unset them to use the profile's credentials.");

    private static Uri? ProfileHost(ConfigLayer profile)
    {
        if (profile.Get(A.Host) is not { } host)
        {
            return null;
        }

        return DatabricksHost.Normalize(host.Value, host.Source).Uri;
    }

    private static string? HomeConfigPath(Func<string, string?> env)
    {
        var home = env("HOME") is { Length: > 0 } h ? h : env("USERPROFILE");
        return string.IsNullOrWhiteSpace(home) ? null : Path.Combine(home.Trim(), ".databrickscfg");
    }

    private static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    private static string Space(string text) => text.Length == 0 ? string.Empty : " " + text;
}
