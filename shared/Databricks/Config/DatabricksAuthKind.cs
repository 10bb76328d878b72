namespace Handoff.Shared.Databricks.Config;

/// <summary>
/// The <c>auth_type</c> values we support, named as the Databricks SDK names its credential
/// strategies (databricks/databricks-sdk-go v0.175.0, config/auth_*.go <c>Name()</c>).
/// </summary>
public static class DatabricksAuthKind
{
    public const string Pat = "pat";
    public const string OAuthM2M = "oauth-m2m";
    public const string DatabricksCli = "databricks-cli";
    public const string AzureCli = "azure-cli";
    public const string AzureClientSecret = "azure-client-secret";
    public const string AzureMsi = "azure-msi";

    public static readonly string[] All = [Pat, OAuthM2M, DatabricksCli, AzureClientSecret, AzureCli, AzureMsi];
}
