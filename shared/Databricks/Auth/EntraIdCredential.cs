using Azure.Core;

namespace Handoff.Shared.Databricks.Auth;

/// <summary>
/// Microsoft Entra ID tokens for Azure Databricks, from any Azure.Identity credential
/// (Azure CLI, managed identity, a service principal's secret, ...), for the Azure Databricks
/// resource.
/// </summary>
public sealed class EntraIdCredential : IDatabricksCredential
{
    /// <summary>The Azure Databricks first-party application; the same in every tenant.</summary>
    public const string AzureDatabricksScope = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";

    private readonly TokenCache _cache;

    public EntraIdCredential(TokenCredential credential, TimeProvider? time = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        Description = description ?? $"Microsoft Entra ID ({credential.GetType().Name})";
        _cache = new TokenCache(
            async cancellationToken =>
            {
                var token = await credential.GetTokenAsync(new TokenRequestContext([AzureDatabricksScope]), cancellationToken);
                return new DatabricksToken(token.Token, token.ExpiresOn);
            },
            time ?? TimeProvider.System);
    }

    public string Description { get; }

    public bool CanRefresh => true;

    public ValueTask<DatabricksToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        _cache.GetAsync(forceRefresh, cancellationToken);
}
