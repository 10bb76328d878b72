using Grpc.Core;

namespace Handoff.SparkJob.SparkConnect.Errors;

/// <summary>
/// A failed Spark Connect call. Server errors carry Spark's error class (for example
/// <c>TABLE_OR_VIEW_NOT_FOUND</c>), SQLSTATE and exception classes (a Spark 3.5 server sends only
/// the classes); transport errors carry only the gRPC status. The message never holds the token or
/// any other registered secret.
/// </summary>
public sealed class SparkConnectException : Exception
{
    public SparkConnectException(string message, StatusCode status, string? errorClass = null, string? sqlState = null, IReadOnlyList<string>? exceptionClasses = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorClass = errorClass;
        SqlState = sqlState;
        ExceptionClasses = exceptionClasses ?? [];
    }

    /// <summary>The gRPC status of the call (Spark reports its own errors as INTERNAL).</summary>
    public StatusCode Status { get; }

    /// <summary>Spark's error class (condition), or null when the server named none.</summary>
    public string? ErrorClass { get; }

    /// <summary>The SQLSTATE, or null when the server gave none.</summary>
    public string? SqlState { get; }

    /// <summary>The server-side exception class and its ancestors, most specific first.</summary>
    public IReadOnlyList<string> ExceptionClasses { get; }

    /// <summary>The causes the server reported (FetchErrorDetails), outermost first, as "class: message".</summary>
    public IReadOnlyList<string> Causes { get; init; } = [];

    /// <summary>True when the server could not be reached or asked us to come back later.</summary>
    public bool IsUnavailable => Status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted;

    /// <summary>True when the server restarted the session, losing what the client had set in it.</summary>
    public bool IsSessionChanged => ErrorClass == Client.ServerSession.SessionChangedErrorClass;
}
