using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Errors;

namespace Handoff.SparkJob.SparkConnect.Client;

/// <summary>
/// The server's side of the session, as PySpark 4.x tracks it (apache/spark python/pyspark/sql/connect/client/core.py,
/// <c>_verify_response_integrity</c>): every response must name our session id; the first
/// <c>server_side_session_id</c> a Spark 4.x server sends is recorded and sent back as
/// <c>client_observed_server_side_session_id</c>; a different one later means the server lost the
/// session (a restart), and so the confs the job set. The session is then closed for good: a job
/// must not carry on in a fresh session without its storage and txn settings. Spark 3.5 sends no
/// server-side id, so a restart there cannot be seen.
/// </summary>
public sealed class ServerSession(string sessionId)
{
    /// <summary>Spark's error class for a request whose observed server-side id is stale (SparkConnectSessionManager.validateSessionId, Spark 4.x).</summary>
    public const string SessionChangedErrorClass = "INVALID_HANDLE.SESSION_CHANGED";

    private readonly Lock _lock = new();
    private string? _observed;
    private string? _closedBecause;
    private bool _answered;

    public string SessionId => sessionId;

    /// <summary>The server-side session id seen first, or null before any 4.x response (always null on 3.5).</summary>
    public string? Observed
    {
        get
        {
            lock (_lock)
            {
                return _observed;
            }
        }
    }

    /// <summary>True once any response came back: only then does the server hold a session to release.</summary>
    public bool Answered
    {
        get
        {
            lock (_lock)
            {
                return _answered;
            }
        }
    }

    /// <summary>True once the server was seen to have restarted the session.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closedBecause is not null;
            }
        }
    }

    /// <summary>Checks a response's ids; throws when it belongs to another session or the server-side session changed.</summary>
    public void Observe(string responseSessionId, string serverSideSessionId)
    {
        if (responseSessionId.Length > 0 && responseSessionId != sessionId)
        {
            throw new SparkConnectException($"Spark answered for session {responseSessionId}, not for this client's session {sessionId}", StatusCode.Internal);
        }

        lock (_lock)
        {
            _answered = true;
            if (serverSideSessionId.Length == 0)
            {
                return;
            }

            if (_observed is null)
            {
                _observed = serverSideSessionId;
                return;
            }

            if (_observed != serverSideSessionId)
            {
                _closedBecause = $"the server-side session changed from {_observed} to {serverSideSessionId}";
            }
        }

        ThrowIfClosed();
    }

    /// <summary>Marks the session lost because the server said so (INVALID_HANDLE.SESSION_CHANGED).</summary>
    public SparkConnectException Lost(string serverMessage)
    {
        lock (_lock)
        {
            _closedBecause ??= $"the server reports: {serverMessage}";
        }

        return Closed();
    }

    /// <summary>Refuses any further call once the session was lost.</summary>
    public void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw Closed();
        }
    }

    private SparkConnectException Closed()
    {
        string why;
        lock (_lock)
        {
            why = _closedBecause ?? "unknown";
        }

        return new SparkConnectException(
            $"the Spark session was restarted; the job's settings were lost, so it stops here rather than go on without them ({why}). Run the job again",
            StatusCode.FailedPrecondition,
            errorClass: SessionChangedErrorClass);
    }
}
