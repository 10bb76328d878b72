namespace Handoff.Shared.Databricks.Config;

/// <summary>The Databricks CLI's <c>auth_type</c> values we support.</summary>
public static class DatabricksAuthKind
{
    public const string Pat = "pat";
    public const string OAuthM2M = "oauth-m2m";
    public const string AzureCli = "azure-cli";
    public const string AzureClientSecret = "azure-client-secret";
    public const string AzureMsi = "azure-msi";

    public static readonly string[] All = [Pat, OAuthM2M, AzureCli, AzureClientSecret, AzureMsi];
}
