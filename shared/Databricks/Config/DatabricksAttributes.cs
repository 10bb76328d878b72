namespace Handoff.Shared.Databricks.Config;

/// <summary>
/// One configuration attribute: its profile key, its environment variable, and the
/// authorization method it belongs to (null for host, compute and steering attributes).
/// </summary>
public sealed record DatabricksAttribute(string Name, string Variable, string? AuthMethod = null, bool Sensitive = false);

/// <summary>
/// The attributes we read, with the names, variables and method groups of the Databricks SDK
/// (databricks/databricks-sdk-go v0.175.0, config/config.go, the <c>name</c>, <c>env</c> and
/// <c>auth</c> tags of <c>Config</c>). Two attributes of different methods make "more than one
/// authorization method configured" unless <c>auth_type</c> chooses one
/// (config/config_attributes.go, <c>Validate</c>).
/// </summary>
public static class DatabricksAttributes
{
    public static readonly DatabricksAttribute Host = new("host", "DATABRICKS_HOST");
    public static readonly DatabricksAttribute Profile = new("profile", "DATABRICKS_CONFIG_PROFILE");
    public static readonly DatabricksAttribute ConfigFile = new("config_file", "DATABRICKS_CONFIG_FILE");
    public static readonly DatabricksAttribute ClusterId = new("cluster_id", "DATABRICKS_CLUSTER_ID");
    public static readonly DatabricksAttribute ServerlessComputeId = new("serverless_compute_id", "DATABRICKS_SERVERLESS_COMPUTE_ID");
    public static readonly DatabricksAttribute AuthType = new("auth_type", "DATABRICKS_AUTH_TYPE");
    public static readonly DatabricksAttribute DatabricksCliPath = new("databricks_cli_path", "DATABRICKS_CLI_PATH");
    public static readonly DatabricksAttribute Token = new("token", "DATABRICKS_TOKEN", "pat", Sensitive: true);
    public static readonly DatabricksAttribute Username = new("username", "DATABRICKS_USERNAME", "basic");
    public static readonly DatabricksAttribute Password = new("password", "DATABRICKS_PASSWORD", "basic", Sensitive: true);
    public static readonly DatabricksAttribute ClientId = new("client_id", "DATABRICKS_CLIENT_ID", "oauth");
    public static readonly DatabricksAttribute ClientSecret = new("client_secret", "DATABRICKS_CLIENT_SECRET", "oauth", Sensitive: true);
    public static readonly DatabricksAttribute AzureClientId = new("azure_client_id", "ARM_CLIENT_ID", "azure");
    public static readonly DatabricksAttribute AzureClientSecret = new("azure_client_secret", "ARM_CLIENT_SECRET", "azure", Sensitive: true);
    public static readonly DatabricksAttribute AzureTenantId = new("azure_tenant_id", "ARM_TENANT_ID", "azure");
    public static readonly DatabricksAttribute AzureUseMsi = new("azure_use_msi", "ARM_USE_MSI", "azure");
    public static readonly DatabricksAttribute AzureResourceId = new("azure_workspace_resource_id", "DATABRICKS_AZURE_RESOURCE_ID", "azure");

    public static IReadOnlyList<DatabricksAttribute> All { get; } =
    [
        Host, Profile, ConfigFile, ClusterId, ServerlessComputeId, AuthType, DatabricksCliPath,
        Token, Username, Password, ClientId, ClientSecret, AzureClientId, AzureClientSecret, AzureTenantId, AzureUseMsi, AzureResourceId,
    ];

    public static IEnumerable<DatabricksAttribute> Credentials => All.Where(a => a.AuthMethod is not null);
}
