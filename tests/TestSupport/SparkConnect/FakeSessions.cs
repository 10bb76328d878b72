using System.Collections.Concurrent;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>One session on the fake server: its server-side id (a new one after a restart) and the errors kept for FetchErrorDetails.</summary>
public sealed class FakeServerSessionState(string serverSideId)
{
    public string ServerSideId { get; internal set; } = serverSideId;

    internal ConcurrentDictionary<string, FakeSparkException> Errors { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The server's sessions, as Spark 4.x's SparkConnectSessionManager keeps them
/// (sql/connect/server/.../service/SparkConnectSessionManager.scala): a request creates its session
/// when none exists; a request whose client_observed_server_side_session_id differs from the
/// session's is refused with INVALID_HANDLE.SESSION_CHANGED; a released session id is tombstoned
/// and refused with INVALID_HANDLE.SESSION_CLOSED. A restart (<see cref="Restart"/>) gives every
/// session a new server-side id and drops its confs, as a new server process would.
/// </summary>
public sealed class FakeSessions(FakeServerProfile profile, FakeSpark spark)
{
    private readonly ConcurrentDictionary<string, FakeServerSessionState> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _closed = new(StringComparer.Ordinal);

    /// <summary>How many times the server restarted.</summary>
    public int Restarts { get; private set; }

    /// <summary>Session ids released with ReleaseSession.</summary>
    public IReadOnlyCollection<string> Released => [.. _closed.Keys];

    /// <summary>The session of a request, created on first use; checks the server-side id the client observed.</summary>
    public FakeServerSessionState Resolve(string sessionId, string? observedServerSideId)
    {
        if (!Guid.TryParse(sessionId, out _))
        {
            throw FakeSparkErrors.Spark("INVALID_HANDLE.FORMAT", "HY000", $"The handle {sessionId} is invalid. Format must be a UUID.", "org.apache.spark.SparkSQLException");
        }

        if (_closed.ContainsKey(sessionId))
        {
            throw FakeSparkErrors.Spark("INVALID_HANDLE.SESSION_CLOSED", "HY000", $"The handle {sessionId} is invalid. Session was closed.", "org.apache.spark.SparkSQLException");
        }

        var session = _sessions.GetOrAdd(sessionId, _ => new FakeServerSessionState(Guid.NewGuid().ToString("D")));
        if (profile.ServerSideSessionId && !string.IsNullOrEmpty(observedServerSideId) && observedServerSideId != session.ServerSideId)
        {
            throw FakeSparkErrors.Spark("INVALID_HANDLE.SESSION_CHANGED", "HY000", $"The handle {sessionId} is invalid. The existing Spark server driver instance has restarted. Please reconnect.", "org.apache.spark.SparkSQLException");
        }

        return session;
    }

    /// <summary>The server-side id responses carry: the session's on a 4.x server, empty on 3.5.</summary>
    public string ServerSideIdOf(FakeServerSessionState session) => profile.ServerSideSessionId ? session.ServerSideId : string.Empty;

    public FakeServerSessionState? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>Every session gets a new server-side id and loses its confs.</summary>
    public void Restart()
    {
        foreach (var (id, session) in _sessions)
        {
            session.ServerSideId = Guid.NewGuid().ToString("D");
            session.Errors.Clear();
            spark.SessionConfs.TryRemove(id, out _);
        }

        Restarts++;
    }

    /// <summary>ReleaseSession: the session ends and its id cannot be used again (no reconnect).</summary>
    public void Release(string sessionId)
    {
        _closed[sessionId] = true;
        _sessions.TryRemove(sessionId, out _);
        spark.SessionConfs.TryRemove(sessionId, out _);
    }
}
