namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// How the fake Spark Connect server behaves: as a Spark 3.5 server or as a Spark 4.x one, each
/// derived from the published sources, with durations that tests can compress (a
/// <paramref name="timeScale"/> of 1/60 turns Spark's 2-minute stream limit into 2 seconds).
/// </summary>
public sealed record FakeServerProfile
{
    public const string Spark35Name = "spark-3.5";
    public const string Spark4Name = "spark-4";

    public required string Name { get; init; }

    /// <summary>What AnalyzePlan's spark_version answers.</summary>
    public required string SparkVersion { get; init; }

    /// <summary>
    /// ErrorInfo metadata carries errorClass, sqlState and messageParameters (Spark 4.x ErrorUtils),
    /// not only "classes" (Spark 3.5's ErrorUtils.buildStatusFromThrowable puts just the exception
    /// class hierarchy there).
    /// </summary>
    public required bool ErrorClassInErrorInfo { get; init; }

    /// <summary>
    /// ErrorInfo carries an errorId the client can pass to FetchErrorDetails
    /// (spark.sql.connect.enrichError.enabled, 4.0.0, default true); Spark 3.5.1's service has no
    /// FetchErrorDetails and no ReleaseSession (apache/spark-connect-rust
    /// crates/connect/protobuf/spark-3.5/spark/connect/base.proto), so they answer UNIMPLEMENTED.
    /// </summary>
    public required bool Spark4Rpcs { get; init; }

    /// <summary>Responses carry server_side_session_id and requests' client_observed_server_side_session_id is checked (Spark 4.x SparkConnectSessionManager).</summary>
    public required bool ServerSideSessionId { get; init; }

    /// <summary>
    /// While an operation has nothing to send, an ExecutionProgress response this often
    /// (spark.connect.progress.reportInterval, 4.0.0, default 2 s, ExecuteGrpcResponseSender);
    /// null: none, as a 3.5 server sends nothing while a command runs.
    /// </summary>
    public TimeSpan? ProgressInterval { get; init; }

    /// <summary>
    /// A reattachable stream is completed without ResultComplete after this long
    /// (spark.connect.execute.reattachable.senderMaxStreamDuration: "2m" in branch-3.5's
    /// Connect.scala, "5m" in the later ConfigBuilder version).
    /// </summary>
    public required TimeSpan SenderMaxStreamDuration { get; init; }

    /// <summary>
    /// The least interval between client pings the server permits; null: no policy. Spark builds
    /// its server with grpc-java's NettyServerBuilder and sets no keepalive policy
    /// (SparkConnectService.startGRPCService), so the default permitKeepAliveTime of 5 minutes
    /// applies, enforced by KeepAliveEnforcer (MAX_PING_STRIKES = 2, then GOAWAY ENHANCE_YOUR_CALM
    /// "too_many_pings"). Needs a plain-text server (the fake's ping proxy reads HTTP/2 frames).
    /// </summary>
    public TimeSpan? PingPermitInterval { get; init; }

    /// <summary>How many times faster than Spark the fake's clocks run (1 = real time).</summary>
    public double Speedup { get; init; } = 1;

    /// <summary>Spark 3.5.x: classes only in ErrorInfo, no progress, no server-side session id, streams closed every 2 minutes, grpc-java's ping policy.</summary>
    public static FakeServerProfile Spark35(double timeScale = 1) => new()
    {
        Name = Spark35Name,
        SparkVersion = "3.5.3",
        ErrorClassInErrorInfo = false,
        Spark4Rpcs = false,
        ServerSideSessionId = false,
        ProgressInterval = null,
        SenderMaxStreamDuration = TimeSpan.FromMinutes(2) * timeScale,
        PingPermitInterval = TimeSpan.FromMinutes(5) * timeScale,
        Speedup = 1 / timeScale,
    };

    /// <summary>Spark 4.x: error class and SQLSTATE in ErrorInfo, FetchErrorDetails, server-side session ids, progress every 2 s, streams closed every 5 minutes.</summary>
    public static FakeServerProfile Spark4(double timeScale = 1, bool pingPolicy = false) => new()
    {
        Name = Spark4Name,
        SparkVersion = "4.0.0",
        ErrorClassInErrorInfo = true,
        Spark4Rpcs = true,
        ServerSideSessionId = true,
        ProgressInterval = TimeSpan.FromSeconds(2) * timeScale,
        SenderMaxStreamDuration = TimeSpan.FromMinutes(5) * timeScale,
        PingPermitInterval = pingPolicy ? TimeSpan.FromMinutes(5) * timeScale : null,
        Speedup = 1 / timeScale,
    };

    /// <summary>A profile by its name, "spark-3.5" or "spark-4".</summary>
    public static FakeServerProfile Named(string name, double timeScale = 1) => name switch
    {
        Spark35Name => Spark35(timeScale),
        Spark4Name => Spark4(timeScale),
        _ => throw new ArgumentException($"unknown fake server mode '{name}' (spark-3.5 or spark-4)", nameof(name)),
    };

    public override string ToString() => Name;
}
