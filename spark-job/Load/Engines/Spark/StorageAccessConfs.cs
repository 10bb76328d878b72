using Handoff.Shared.Storage;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// The session confs that let Spark read <c>abfss://</c> and <c>wasbs://</c> locations with the
/// job's own storage credentials: an account key, a SAS (fixed SAS token provider), or OAuth
/// client credentials (AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID). With none of
/// them nothing is set and the cluster's own access applies (Unity Catalog external
/// locations, mounts, an instance identity). Secret values are listed in <see cref="Secrets"/>
/// so that callers can mask them.
/// </summary>
public sealed record StorageAccessConfs(IReadOnlyList<KeyValuePair<string, string>> Confs, IReadOnlyList<string> Secrets)
{
    public static StorageAccessConfs None { get; } = new([], []);

    public static StorageAccessConfs For(IEnumerable<StorageLocation> locations, StorageCredentials credentials, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(getVariable);
        var confs = new List<KeyValuePair<string, string>>();
        var secrets = new List<string>();
        foreach (var blob in locations.OfType<BlobLocation>().DistinctBy(b => b.AccountName))
        {
            var suffix = EndpointSuffix(blob);
            if (suffix is null)
            {
                continue;
            }

            var dfs = $"{blob.AccountName}.dfs.{suffix}";
            var blobHost = $"{blob.AccountName}.blob.{suffix}";
            if (AccountKey(credentials) is { } key)
            {
                confs.Add(new($"fs.azure.account.key.{dfs}", key));
                confs.Add(new($"fs.azure.account.key.{blobHost}", key));
                secrets.Add(key);
            }
            else if (Sas(credentials, blob) is { } sas)
            {
                confs.Add(new($"fs.azure.account.auth.type.{dfs}", "SAS"));
                confs.Add(new($"fs.azure.sas.token.provider.type.{dfs}", "org.apache.hadoop.fs.azurebfs.sas.FixedSASTokenProvider"));
                confs.Add(new($"fs.azure.sas.fixed.token.{dfs}", sas));
                confs.Add(new($"fs.azure.sas.{blob.Container}.{blobHost}", sas));
                secrets.Add(sas);
            }
            else if (NonEmpty(getVariable("AZURE_CLIENT_ID")) is { } clientId && NonEmpty(getVariable("AZURE_CLIENT_SECRET")) is { } secret && NonEmpty(getVariable("AZURE_TENANT_ID")) is { } tenant)
            {
                confs.Add(new($"fs.azure.account.auth.type.{dfs}", "OAuth"));
                confs.Add(new($"fs.azure.account.oauth.provider.type.{dfs}", "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider"));
                confs.Add(new($"fs.azure.account.oauth2.client.id.{dfs}", clientId));
                confs.Add(new($"fs.azure.account.oauth2.client.secret.{dfs}", secret));
                confs.Add(new($"fs.azure.account.oauth2.client.endpoint.{dfs}", $"https://login.microsoftonline.com/{Uri.EscapeDataString(tenant)}/oauth2/token"));
                secrets.Add(secret);
            }
        }

        return new StorageAccessConfs(confs, secrets);
    }

    private static string? EndpointSuffix(BlobLocation blob)
    {
        var host = blob.ServiceUri.Host;
        var at = host.IndexOf(".blob.", StringComparison.OrdinalIgnoreCase);
        return at > 0 ? host[(at + ".blob.".Length)..] : null;
    }

    private static string? AccountKey(StorageCredentials credentials) =>
        KeyOf(credentials.ConnectionString) ?? credentials.AccountKey
        ?? (credentials.HasSecret ? null : KeyOf(credentials.Environment?.ConnectionString) ?? credentials.Environment?.AccountKey);

    private static string? Sas(StorageCredentials credentials, BlobLocation blob) =>
        (SasOf(credentials.ConnectionString) ?? credentials.Sas ?? blob.Sas
        ?? (credentials.HasSecret ? null : SasOf(credentials.Environment?.ConnectionString) ?? credentials.Environment?.Sas))?.TrimStart('?');

    private static string? KeyOf(string? connectionString) => Part(connectionString, "AccountKey");

    private static string? SasOf(string? connectionString) => Part(connectionString, "SharedAccessSignature");

    private static string? Part(string? connectionString, string name)
    {
        foreach (var part in (connectionString ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return NonEmpty(part[(equals + 1)..])?.TrimStart('?');
            }
        }

        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
