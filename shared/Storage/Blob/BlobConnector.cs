using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace Handoff.Shared.Storage;

/// <summary>
/// Builds an authenticated container client for a <see cref="BlobLocation"/>, choosing the
/// credential in the order <see cref="StorageCredentials"/> documents, with retries from
/// <see cref="BlobStoreOptions"/>.
/// </summary>
internal static class BlobConnector
{
    public static BlobObjectStore Open(BlobLocation location, StorageCredentials credentials, BlobStoreOptions options)
    {
        options.Validate();
        var clientOptions = ClientOptions(options);
        var (container, copySourceSas) = Resolve(location, credentials, clientOptions);
        return new BlobObjectStore(container, location.Prefix, options, copySourceSas);
    }

    private static (BlobContainerClient Container, string? CopySourceSas) Resolve(BlobLocation location, StorageCredentials credentials, BlobClientOptions clientOptions)
    {
        if (TryExplicit(location, credentials, clientOptions) is { } chosen)
        {
            return chosen;
        }

        if (location.Sas is not null)
        {
            return WithSas(location, location.Sas, clientOptions);
        }

        if (credentials.Environment is { } environment && TryExplicit(location, environment, clientOptions) is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (location.ServiceUri.Scheme != Uri.UriSchemeHttps)
        {
            // The SDK refuses bearer tokens over http only at the first request, and in its own words.
            throw new StorageException(
                StorageErrorKind.AuthenticationFailed,
                $"no credential for {location}: it is served over http (an emulator such as Azurite), where Azure tokens cannot be sent; give a SAS in its URL, a SAS, an account key or a connection string (or {StorageCredentials.SasVariable}, {StorageCredentials.AccountKeyVariable}, {StorageCredentials.ConnectionStringVariable})",
                new NoCredentialOverHttp(location.ToString()));
        }

        TokenCredential token = credentials.TokenCredential ?? new DefaultAzureCredential();
        return (new BlobServiceClient(location.ServiceUri, token, clientOptions).GetBlobContainerClient(location.Container), null);
    }

    private static (BlobContainerClient, string?)? TryExplicit(BlobLocation location, StorageCredentials credentials, BlobClientOptions clientOptions)
    {
        if (credentials.ConnectionString is { } connectionString)
        {
            return (WithConnectionString(location, connectionString, clientOptions), null);
        }

        if (credentials.AccountKey is { } key)
        {
            return (WithAccountKey(location, key, clientOptions), null);
        }

        if (credentials.Sas is { } sas)
        {
            return WithSas(location, sas, clientOptions);
        }

        if (credentials.TokenCredential is { } token)
        {
            return (new BlobServiceClient(location.ServiceUri, token, clientOptions).GetBlobContainerClient(location.Container), null);
        }

        return null;
    }

    private static BlobContainerClient WithConnectionString(BlobLocation location, string connectionString, BlobClientOptions clientOptions)
    {
        // The SDK refuses a key that is not base64 as a malformed connection string; say which part is wrong.
        if (AccountKeyOf(connectionString) is { } key && !IsBase64(key))
        {
            throw new StorageException(StorageErrorKind.AuthenticationFailed, "the AccountKey in the storage connection string is not valid base64 (copy the key again from the storage account's Access keys)");
        }

        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(connectionString, clientOptions);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message may quote the connection string; say only what is wrong.
            throw new StorageException(StorageErrorKind.AuthenticationFailed, "the storage connection string is malformed: expected AccountName=...;AccountKey=... (or UseDevelopmentStorage=true, or BlobEndpoint=...)");
        }

        if (!string.Equals(service.AccountName, location.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageException(
                StorageErrorKind.InvalidLocation,
                $"the location {location} is in account '{location.AccountName}' but the connection string is for account '{service.AccountName}'");
        }

        return service.GetBlobContainerClient(location.Container);
    }

    private static BlobContainerClient WithAccountKey(BlobLocation location, string key, BlobClientOptions clientOptions)
    {
        StorageSharedKeyCredential credential;
        try
        {
            credential = new StorageSharedKeyCredential(location.AccountName, key);
        }
        catch (FormatException)
        {
            throw new StorageException(StorageErrorKind.AuthenticationFailed, $"the account key for account '{location.AccountName}' is not valid base64");
        }

        return new BlobServiceClient(location.ServiceUri, credential, clientOptions).GetBlobContainerClient(location.Container);
    }

    private static string? AccountKeyOf(string connectionString) => connectionString
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(part => part.StartsWith("AccountKey=", StringComparison.OrdinalIgnoreCase))
        .Select(part => part["AccountKey=".Length..])
        .FirstOrDefault();

    private static bool IsBase64(string text) => text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static (BlobContainerClient, string?) WithSas(BlobLocation location, string sas, BlobClientOptions clientOptions)
    {
        var query = sas.TrimStart('?');
        var service = new BlobServiceClient(location.ServiceUri, new AzureSasCredential(query), clientOptions);
        return (service.GetBlobContainerClient(location.Container), query);
    }

    private static BlobClientOptions ClientOptions(BlobStoreOptions options)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        return clientOptions;
    }
}
