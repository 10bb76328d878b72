using Azure.Identity;
using Handoff.Shared.Databricks.Auth;

namespace Handoff.Shared.Databricks.Config;

/// <summary>
/// A resolved workspace and identity. Secrets are held only to build the credential; the
/// record's text form and <see cref="Describe"/> never show them.
/// </summary>
public sealed record DatabricksConfig
{
    public required Uri Host { get; init; }

    /// <summary>Where the host came from (e.g. "DATABRICKS_HOST" or "profile DEFAULT in /home/me/.databrickscfg").</summary>
    public required string HostSource { get; init; }

    /// <summary>The workspace id a pasted <c>?o=</c> carried, if any.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>One of <see cref="DatabricksAuthKind"/>.</summary>
    public required string AuthKind { get; init; }

    /// <summary>Where the credential came from, for messages.</summary>
    public required string AuthSource { get; init; }

    /// <summary>The profile that gave the host or the credentials, if one did.</summary>
    public string? Profile { get; init; }

    public string? ConfigFile { get; init; }

    /// <summary><c>cluster_id</c> from DATABRICKS_CLUSTER_ID or the profile.</summary>
    public string? ClusterId { get; init; }

    /// <summary><c>serverless_compute_id</c> (<c>auto</c> means serverless) from DATABRICKS_SERVERLESS_COMPUTE_ID or the profile.</summary>
    public string? ServerlessComputeId { get; init; }

    internal string? Token { get; init; }

    internal string? ClientId { get; init; }

    internal string? ClientSecret { get; init; }

    internal string? AzureClientId { get; init; }

    internal string? AzureClientSecret { get; init; }

    internal string? AzureTenantId { get; init; }

    internal string? DatabricksCliPath { get; init; }

    internal Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public string Describe() => $"{Host.GetLeftPart(UriPartial.Authority)} ({AuthKind} from {AuthSource})";

    /// <summary>The credential this configuration names; for databricks-cli, finding the CLI may fail here.</summary>
    public IDatabricksCredential CreateCredential(TimeProvider? time = null, HttpMessageHandler? transport = null) => AuthKind switch
    {
        DatabricksAuthKind.Pat => new PersonalAccessTokenCredential(Token!, $"personal access token from {AuthSource}"),
        DatabricksAuthKind.OAuthM2M => new OAuthM2MCredential(Host, ClientId!, ClientSecret!, time, transport, $"OAuth M2M credential (client id {ClientId}) from {AuthSource}"),
        DatabricksAuthKind.DatabricksCli => DatabricksCliCredential.Create(this, time),
        DatabricksAuthKind.AzureCli => new EntraIdCredential(
            new AzureCliCredential(new AzureCliCredentialOptions { TenantId = AzureTenantId }), time, "Microsoft Entra ID token from the Azure CLI (az login)"),
        DatabricksAuthKind.AzureClientSecret => new EntraIdCredential(
            new ClientSecretCredential(AzureTenantId, AzureClientId, AzureClientSecret), time, $"Microsoft Entra ID service principal {AzureClientId} from {AuthSource}"),
        DatabricksAuthKind.AzureMsi => new EntraIdCredential(
            AzureClientId is { } id ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(id)) : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
            time, "Microsoft Entra ID managed identity"),
        _ => throw new InvalidOperationException($"unknown auth kind {AuthKind}"),
    };

    public override string ToString() => Describe();
}
