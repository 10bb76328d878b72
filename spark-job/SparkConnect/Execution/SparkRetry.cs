using System.Globalization;
using Grpc.Core;
using Handoff.Shared.Progress;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>One retry about to happen: where, which call, how it failed, which attempt failed, and the wait before the next.</summary>
/// <param name="Endpoint">host:port, never the token.</param>
/// <param name="Attempt">The number of the attempt that failed (1 for the first call).</param>
public sealed record SparkRetry(string Endpoint, string Operation, StatusCode Status, int Attempt, TimeSpan NextWait, TimeSpan Elapsed, TimeSpan Budget, string Detail)
{
    /// <summary>"Spark Connect host:443: ExecutePlan failed with UNAVAILABLE (attempt 2, 0.3 s so far): ...; retrying in 0.8 s, for up to 10 min".</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"Spark Connect {Endpoint}: {Operation} failed with {StatusName(Status)} (attempt {Attempt}, {Seconds(Elapsed)} so far): {Detail}; retrying in {Seconds(NextWait)}, for up to {Seconds(Budget)}");

    /// <summary>UNAVAILABLE, DEADLINE_EXCEEDED, ...: the names gRPC documents.</summary>
    public static string StatusName(StatusCode status) => status switch
    {
        StatusCode.OK => "OK",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        _ => status.ToString().ToUpperInvariant(),
    };

    public static string Seconds(TimeSpan time) => Units.Duration(time);
}
