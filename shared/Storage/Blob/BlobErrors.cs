using System.Net.Http;
using System.Net.Sockets;
using Azure;
using Azure.Identity;

namespace Handoff.Shared.Storage;

/// <summary>
/// Maps SDK failures to <see cref="StorageException"/>s. Messages are built only from the
/// redacted location and the service's status and error code. The SDK exception is never kept
/// as the inner exception, because its message embeds response content and headers we do not
/// control; only a transport exception (which names host and port) is.
/// </summary>
internal sealed class BlobErrors
{
    private readonly string _account;
    private readonly string _endpoint;
    private readonly string _container;

    public BlobErrors(string account, string endpoint, string container)
    {
        _account = account;
        _endpoint = endpoint;
        _container = container;
    }

    /// <summary>
    /// The storage exception for <paramref name="ex"/>, or null when it should propagate as is
    /// (the caller's cancellation, argument errors, exceptions already mapped).
    /// </summary>
    public StorageException? Map(Exception ex, string? blobName, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case StorageException:
                return null;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException:
                // Azure.Core reports a try that exceeded NetworkTimeout as a cancellation.
                return Unreachable(null);
            case AggregateException aggregate:
                // The retry policy gives up with an AggregateException of the tries' failures.
                return Map(aggregate.InnerExceptions[^1], blobName, cancellationToken);
            case RequestFailedException failed:
                return MapRequestFailed(failed, blobName);
            case AuthenticationFailedException or CredentialUnavailableException:
                return new StorageException(
                    StorageErrorKind.AuthenticationFailed,
                    $"could not get an Azure token for account '{_account}'; set {StorageCredentials.ConnectionStringVariable}, {StorageCredentials.AccountKeyVariable} or {StorageCredentials.SasVariable}, or sign in (az login, managed identity)",
                    ex);
            case HttpRequestException or SocketException:
                return Unreachable(TransportCause(ex));
            case IOException:
                // A response body cut off mid-transfer ("the response ended prematurely", a reset
                // connection): the service or the network went away while we read or wrote.
                return new StorageException(StorageErrorKind.Unreachable, $"the connection to {_endpoint} broke while transferring {(blobName is null ? $"container '{_container}'" : $"'{blobName}'")}", TransportCause(ex));
            default:
                return null;
        }
    }

    /// <summary>How messages name a blob: "'name' in container 'c' (account 'a')".</summary>
    public string Describe(string blobName) => $"'{blobName}' in container '{_container}' (account '{_account}')";

    public StorageException ContainerNotFound() =>
        new(StorageErrorKind.ContainerNotFound, $"container '{_container}' does not exist in account '{_account}'");

    private StorageException MapRequestFailed(RequestFailedException failed, string? blobName)
    {
        var code = failed.ErrorCode;
        if (failed.Status == 0)
        {
            return Unreachable(TransportCause(failed));
        }

        var what = blobName is null ? $"container '{_container}'" : $"'{blobName}' in container '{_container}'";
        return (failed.Status, code) switch
        {
            (_, "ContainerNotFound") => ContainerNotFound(),
            (_, "BlobNotFound") or (404, _) =>
                new StorageException(StorageErrorKind.NotFound, $"{what} does not exist (account '{_account}')"),
            (403, _) or (401, _) or (_, "AuthenticationFailed" or "AuthorizationFailure" or "NoAuthenticationInformation" or "InvalidAuthenticationInfo") =>
                new StorageException(StorageErrorKind.AuthenticationFailed, $"storage refused the credentials for account '{_account}' ({code ?? "HTTP " + failed.Status})"),
            (409, "BlobAlreadyExists") or (412, _) =>
                new StorageException(StorageErrorKind.AlreadyExists, $"{what} already exists (account '{_account}')"),
            _ => new StorageException(StorageErrorKind.Other, $"storage request for {what} failed in account '{_account}': HTTP {failed.Status}{(code is null ? string.Empty : " " + code)}"),
        };
    }

    private StorageException Unreachable(Exception? cause) =>
        new(StorageErrorKind.Unreachable, $"cannot reach {_endpoint}{(cause is null ? " (timed out)" : ": " + cause.Message)}", cause);

    /// <summary>The innermost socket or HTTP exception: it names host and port, never the query string.</summary>
    private static Exception? TransportCause(Exception ex)
    {
        Exception? found = null;
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is SocketException or HttpRequestException)
            {
                found = current;
            }
        }

        return found is HttpRequestException http && http.InnerException is SocketException socket ? socket : found;
    }
}
