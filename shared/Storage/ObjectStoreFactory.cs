
namespace Handoff.Shared.Storage;

/// <summary>Opens the store for a location: a <see cref="LocalObjectStore"/> or a <see cref="BlobObjectStore"/>.</summary>
public static class ObjectStoreFactory
{
    /// <summary>
    /// Opens <paramref name="location"/>. No request is sent: a wrong credential or a missing
    /// container shows up on first use (call <see cref="IObjectStore.EnsureContainerAsync"/> to check early).
    /// </summary>
    public static IObjectStore Open(StorageLocation location, StorageCredentials credentials, BlobStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(credentials);
        return location switch
        {
            LocalLocation local => new LocalObjectStore(local.FullPath),
            BlobLocation blob => BlobConnector.Open(blob, credentials, options ?? BlobStoreOptions.Default),
            _ => throw new StorageException(StorageErrorKind.InvalidLocation, $"unsupported location type {location.GetType().Name}"),
        };
    }

    /// <summary>Parses <paramref name="locationText"/> and opens it; credentials default to <see cref="StorageCredentials.FromEnvironment()"/>.</summary>
    public static IObjectStore Open(string locationText, StorageCredentials? credentials = null, BlobStoreOptions? options = null) =>
        Open(StorageLocationParser.Parse(locationText), credentials ?? StorageCredentials.FromEnvironment(), options);
}
