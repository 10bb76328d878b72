using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Databricks.Runs;

/// <summary>
/// A run's state. Every enum-like field is a string: a life cycle state Databricks adds
/// tomorrow is shown as it is and waited through, never a parse error.
/// </summary>
public sealed record RunState
{
    public string? LifeCycleState { get; init; }

    public string? ResultState { get; init; }

    public string? StateMessage { get; init; }

    public bool? UserCancelledOrTimedout { get; init; }

    public string? QueueReason { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>The 2.2 <c>status</c> object that sits beside <c>state</c>.</summary>
public sealed record RunStatus
{
    public string? State { get; init; }

    public TerminationDetails? TerminationDetails { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record TerminationDetails
{
    public string? Code { get; init; }

    public string? Type { get; init; }

    public string? Message { get; init; }
}

/// <summary>
/// The documented values we act on; anything else is passed through. The 2.2 <c>status.state</c>
/// takes BLOCKED, PENDING, QUEUED, RUNNING, TERMINATING, TERMINATED and WAITING
/// (service/jobs/model.go <c>RunLifecycleStateV2State</c>); SKIPPED and INTERNAL_ERROR exist only
/// in the older <c>state.life_cycle_state</c>.
/// </summary>
public static class LifeCycleStates
{
    public const string Queued = "QUEUED";
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Terminating = "TERMINATING";
    public const string Terminated = "TERMINATED";
    public const string Skipped = "SKIPPED";
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>States after which nothing more happens to the run.</summary>
    public static bool IsFinal(string? state) => state is Terminated or Skipped or InternalError;
}

public static class ResultStates
{
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMEDOUT";
    public const string Canceled = "CANCELED";
}

/// <summary>
/// The 2.2 <c>status.termination_details.code</c> values we act on (databricks/databricks-sdk-go
/// v0.175.0, service/jobs/model.go <c>TerminationCodeCode</c>); anything else is passed through.
/// </summary>
public static class TerminationCodes
{
    public const string Success = "SUCCESS";
    public const string UserCanceled = "USER_CANCELED";
    public const string Canceled = "CANCELED";
    public const string Skipped = "SKIPPED";
    public const string InternalError = "INTERNAL_ERROR";
}
