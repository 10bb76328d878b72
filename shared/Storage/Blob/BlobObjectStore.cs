using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Handoff.Shared.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> over a prefix of a Blob container. Uploads stage blocks and
/// commit them with Content-MD5; put-if-absent uses If-None-Match: *; copies within one account
/// run on the server. Every failure surfaces as a <see cref="StorageException"/> whose message
/// names the account and container but never a key or SAS.
/// </summary>
public sealed class BlobObjectStore : IObjectStore
{
    private const string HnsFolderMarker = "hdi_isfolder";

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly BlobStoreOptions _options;
    private readonly BlobErrors _errors;
    private readonly BlobLocation _root;

    /// <summary>A store over <paramref name="container"/> (already authenticated) under <paramref name="prefix"/>.</summary>
    public BlobObjectStore(BlobContainerClient container, string prefix = "", BlobStoreOptions? options = null)
        : this(container, prefix, options ?? BlobStoreOptions.Default, copySourceSas: null)
    {
    }

    internal BlobObjectStore(BlobContainerClient container, string prefix, BlobStoreOptions options, string? copySourceSas)
    {
        ArgumentNullException.ThrowIfNull(container);
        options.Validate();
        _container = container;
        _prefix = prefix.Trim('/');
        if (_prefix.Length != 0)
        {
            ObjectPath.Validate(_prefix);
        }

        _options = options;
        CopySourceSas = copySourceSas;
        var serviceUri = ServiceUriOf(container);
        _root = new BlobLocation(serviceUri, container.AccountName, container.Name, _prefix);
        _errors = new BlobErrors(container.AccountName, serviceUri.GetLeftPart(UriPartial.Path), container.Name);
    }

    public StorageLocation Root => _root;

    public string AccountName => _container.AccountName;

    public string ContainerName => _container.Name;

    /// <summary>The prefix of this store inside its container ("" for the container's root).</summary>
    public string Prefix => _prefix;

    /// <summary>A SAS that authorizes reads of this store's blobs as a copy source, when the store authenticates with one.</summary>
    internal string? CopySourceSas { get; }

    public async Task EnsureContainerAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        try
        {
            if (createIfMissing)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                return;
            }

            if (!(await _container.ExistsAsync(cancellationToken)).Value)
            {
                throw _errors.ContainerNotFound();
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 403 && CopySourceSas is not null && !createIfMissing)
        {
            // A container-scoped SAS may not read container properties; the data requests that
            // follow will tell whether the container exists and the SAS works.
        }
        catch (Exception ex) when (_errors.Map(ex, null, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public Task<IObjectUpload> StartUploadAsync(string path, CancellationToken cancellationToken) =>
        StartUploadAsync(path, UploadChecksum.ContentMd5, cancellationToken);

    public Task<IObjectUpload> StartUploadAsync(string path, UploadChecksum checksum, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var name = BlobName(path);
        return Task.FromResult<IObjectUpload>(new BlobObjectUpload(path, name, _container.GetBlockBlobClient(name), _options, _errors, checksum));
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var name = BlobName(path);
        try
        {
            var options = new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentHash = System.Security.Cryptography.MD5.HashData(content.Span) },
            };
            await _container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 && ex.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet" or null)
        {
            return false;
        }
        catch (Exception ex) when (_errors.Map(ex, name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var name = BlobName(path);
        try
        {
            var options = new BlobOpenReadOptions(allowModifications: false) { BufferSize = _options.ReadBufferSize };
            var stream = await _container.GetBlobClient(name).OpenReadAsync(options, cancellationToken);
            return new StorageReadStream(stream, (ex, ct) => _errors.Map(ex, name, ct));
        }
        catch (Exception ex) when (_errors.Map(ex, name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<ReadOnlyMemory<byte>> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var name = BlobName(path);
        var blob = _container.GetBlobClient(name);
        try
        {
            if (length == 0)
            {
                // A zero-length range cannot be asked for; still report a missing object.
                await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
                return ReadOnlyMemory<byte>.Empty;
            }

            var response = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken);
            return response.Value.Content.ToMemory();
        }
        catch (RequestFailedException ex) when (ex.Status == 416)
        {
            // The range starts at or after the end: like a file read there, nothing comes back.
            return ReadOnlyMemory<byte>.Empty;
        }
        catch (Exception ex) when (_errors.Map(ex, name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        var name = BlobName(path);
        try
        {
            var properties = (await _container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            if (IsHnsFolder(properties.Metadata))
            {
                return null;
            }

            return new StoredObject(path, properties.ContentLength, properties.ContentHash is { Length: > 0 } hash ? hash : null, properties.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode is not "ContainerNotFound")
        {
            return null;
        }
        catch (Exception ex) when (_errors.Map(ex, name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectPath.ValidatePrefix(prefix);
        var fullPrefix = _prefix.Length == 0 ? prefix : _prefix + "/" + prefix;
        var options = new GetBlobsOptions { Prefix = fullPrefix, Traits = BlobTraits.Metadata };
        var pages = _container.GetBlobsAsync(options, cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await pages.MoveNextAsync())
                    {
                        yield break;
                    }

                    page = pages.Current;
                }
                catch (Exception ex) when (_errors.Map(ex, null, cancellationToken) is { } mapped)
                {
                    throw mapped;
                }

                // The service lists in lexicographic order already, so pages stream straight through.
                foreach (var item in page.Values)
                {
                    if (IsHnsFolder(item.Metadata))
                    {
                        continue;
                    }

                    var relative = _prefix.Length == 0 ? item.Name : item.Name[(_prefix.Length + 1)..];
                    var properties = item.Properties;
                    yield return new StoredObject(
                        relative,
                        properties.ContentLength ?? 0,
                        properties.ContentHash is { Length: > 0 } hash ? hash : null,
                        properties.LastModified);
                }
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var name = BlobName(path);
        try
        {
            await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (_errors.Map(ex, name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<StoredObject> CopyFromAsync(IObjectStore source, string sourcePath, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is BlobObjectStore blobSource && IsSameAccount(blobSource))
        {
            var copied = await TryServerSideCopyAsync(blobSource, sourcePath, path, cancellationToken);
            if (copied is not null)
            {
                return copied;
            }
        }

        return await StreamedCopyAsync(source, sourcePath, path, cancellationToken);
    }

    public async Task<IStorageLock> AcquireLockAsync(string path, LockHolder holder, CancellationToken cancellationToken) =>
        await BlobLeaseLock.AcquireAsync(_container.GetBlobClient(BlobName(path)), _errors, _options, holder, cancellationToken);

    public IObjectStore Sub(string relativePath) =>
        new BlobObjectStore(_container, ObjectPath.Join(_prefix, ObjectPath.Validate(relativePath.TrimEnd('/'))), _options, CopySourceSas);

    public override string ToString() => _root.ToString();

    /// <summary>The full blob name of an object path in this store.</summary>
    internal string BlobName(string path) => ObjectPath.Join(_prefix, ObjectPath.Validate(path));

    internal BlobClient BlobClientOf(string path) => _container.GetBlobClient(BlobName(path));

    private async Task<StoredObject?> TryServerSideCopyAsync(BlobObjectStore source, string sourcePath, string path, CancellationToken cancellationToken)
    {
        var sourceBlob = source.BlobClientOf(sourcePath);
        var name = BlobName(path);
        var target = _container.GetBlobClient(name);
        var sourceUri = source.CopySourceSas is null ? sourceBlob.Uri : new UriBuilder(sourceBlob.Uri) { Query = source.CopySourceSas }.Uri;
        try
        {
            var operation = await target.StartCopyFromUriAsync(sourceUri, options: null, cancellationToken);
            try
            {
                await operation.WaitForCompletionAsync(_options.CopyPollInterval, cancellationToken);
            }
            catch
            {
                // A pending server-side copy would go on, and its target would stay visible.
                await target.AbortCopyFromUriAsync(operation.Id, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            var properties = (await target.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new StoredObject(path, properties.ContentLength, properties.ContentHash is { Length: > 0 } hash ? hash : null, properties.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == 403 || ex.ErrorCode is "CannotVerifyCopySource")
        {
            // The service could not read the source with our authorization (e.g. a token without
            // delegation): copy through this process instead, which reports a real denial itself.
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode is not "ContainerNotFound")
        {
            throw new StorageException(StorageErrorKind.NotFound, $"cannot copy '{sourceBlob.Name}' from container '{sourceBlob.BlobContainerName}': it does not exist (account '{sourceBlob.AccountName}')");
        }
        catch (Exception ex) when (_errors.Map(ex, name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    private async Task<StoredObject> StreamedCopyAsync(IObjectStore source, string sourcePath, string path, CancellationToken cancellationToken)
    {
        await using var input = await source.OpenReadAsync(sourcePath, cancellationToken);
        await using var upload = await StartUploadAsync(path, cancellationToken);
        await input.CopyToAsync(upload.Content, _options.BlockSize, cancellationToken);
        return await upload.CommitAsync(cancellationToken);
    }

    private bool IsSameAccount(BlobObjectStore other) =>
        string.Equals(other.AccountName, AccountName, StringComparison.OrdinalIgnoreCase)
        && Uri.Compare(ServiceUriOf(other._container), ServiceUriOf(_container), UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsHnsFolder(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(HnsFolderMarker, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The account's blob endpoint without query: the container URI minus its last segment.</summary>
    private static Uri ServiceUriOf(BlobContainerClient container)
    {
        var path = container.Uri.GetLeftPart(UriPartial.Path);
        var cut = path.TrimEnd('/').LastIndexOf('/');
        return new Uri(path[..(cut + 1)]);
    }
}
