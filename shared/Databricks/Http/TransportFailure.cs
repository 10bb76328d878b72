using System.Net.Http;
using System.Net.Sockets;

namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// A request that got no usable answer: the connection failed, broke, or went quiet for the
/// inactivity timeout; or the host name does not resolve, which no retry can fix.
/// </summary>
internal sealed record TransportFailure(Exception Error, bool HostNotFound)
{
    /// <summary>The failure, or null when <paramref name="error"/> is not a transport failure (the caller's own cancellation is not).</summary>
    public static TransportFailure? Of(Exception error, CancellationToken caller) => error switch
    {
        OperationCanceledException when caller.IsCancellationRequested => null,
        OperationCanceledException => new TransportFailure(error, HostNotFound: false),
        HttpRequestException http => new TransportFailure(error, IsNameResolution(http)),
        IOException => new TransportFailure(error, HostNotFound: false),
        _ => null,
    };

    /// <summary>"no data moved for 60 s" or "HttpRequestException: Connection refused".</summary>
    public string Describe(InactivityTimeout timeout) => Error is OperationCanceledException
        ? $"request timed out after {timeout.Timeout.TotalSeconds:0.###} s of inactivity"
        : $"{Error.GetType().Name}: {Innermost(Error).Message}";

    private static bool IsNameResolution(HttpRequestException error) =>
        error.HttpRequestError == HttpRequestError.NameResolutionError
        || Innermost(error) is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData };

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }
}
