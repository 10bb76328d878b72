using Azure.Core;

namespace Handoff.Shared.Storage;

/// <summary>
/// How to authenticate to Blob Storage. Resolution order, first match wins:
/// explicit values (connection string, then account key, then SAS), a SAS in the location URL,
/// values read from the environment (AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY,
/// AZURE_STORAGE_SAS_TOKEN, in that order), then <see cref="TokenCredential"/> or
/// DefaultAzureCredential. Local locations need none of them.
/// <see cref="ToString"/> names which values are set, never the values.
/// </summary>
public sealed record StorageCredentials
{
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";
    public const string AccountKeyVariable = "AZURE_STORAGE_KEY";
    public const string SasVariable = "AZURE_STORAGE_SAS_TOKEN";

    /// <summary>No explicit values and no environment: only a SAS in the URL or DefaultAzureCredential apply.</summary>
    public static StorageCredentials None { get; } = new();

    /// <summary>A full storage connection string, including <c>UseDevelopmentStorage=true</c> and Azurite's <c>BlobEndpoint=...</c> forms.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>A shared key for the location's account.</summary>
    public string? AccountKey { get; init; }

    /// <summary>A SAS query string, with or without the leading '?'.</summary>
    public string? Sas { get; init; }

    /// <summary>A token credential to use instead of DefaultAzureCredential when no secret applies.</summary>
    public TokenCredential? TokenCredential { get; init; }

    /// <summary>Values that apply only when nothing explicit is set and the location carries no SAS.</summary>
    public StorageCredentials? Environment { get; init; }

    /// <summary>Credentials that use the environment variables, with no explicit values.</summary>
    public static StorageCredentials FromEnvironment() => FromEnvironment(System.Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="FromEnvironment()"/>, reading variables through <paramref name="getVariable"/> (for tests).</summary>
    public static StorageCredentials FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var fromEnvironment = new StorageCredentials
        {
            ConnectionString = NullIfBlank(getVariable(ConnectionStringVariable)),
            AccountKey = NullIfBlank(getVariable(AccountKeyVariable)),
            Sas = NullIfBlank(getVariable(SasVariable)),
        };
        return new StorageCredentials { Environment = fromEnvironment.HasSecret ? fromEnvironment : null };
    }

    /// <summary>These credentials with explicit values (from command-line options) taking precedence over the environment; nulls are ignored.</summary>
    public StorageCredentials WithExplicit(string? connectionString = null, string? accountKey = null, string? sas = null) => this with
    {
        ConnectionString = NullIfBlank(connectionString) ?? ConnectionString,
        AccountKey = NullIfBlank(accountKey) ?? AccountKey,
        Sas = NullIfBlank(sas) ?? Sas,
    };

    /// <summary>True when a connection string, key or SAS is set explicitly (not counting the environment).</summary>
    public bool HasSecret => ConnectionString is not null || AccountKey is not null || Sas is not null;

    public override string ToString()
    {
        var parts = new List<string>();
        if (ConnectionString is not null)
        {
            parts.Add("connection string");
        }

        if (AccountKey is not null)
        {
            parts.Add("account key");
        }

        if (Sas is not null)
        {
            parts.Add("SAS");
        }

        if (TokenCredential is not null)
        {
            parts.Add("token credential");
        }

        if (Environment is not null)
        {
            parts.Add($"environment ({Environment})");
        }

        return parts.Count == 0 ? "default Azure credential" : string.Join(", ", parts);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
