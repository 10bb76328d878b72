namespace Handoff.Shared.Databricks.Sql;

/// <summary>
/// The statement states of databricks-sdk-go v0.175.0 service/sql/model.go (<c>StatementState</c>):
/// PENDING (waiting for the warehouse), RUNNING, then SUCCEEDED, FAILED, CANCELED (a cancel call,
/// or the end of a wait with on_wait_timeout CANCEL) or CLOSED (succeeded, result no longer
/// available). The SDK's ExecuteAndWait (service/sql/ext_utilities.go) treats the last four as
/// final, and any other state as one to poll again.
/// </summary>
public static class StatementStates
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Canceled = "CANCELED";
    public const string Closed = "CLOSED";

    public static bool IsFinal(string? state) => state is Succeeded or Failed or Canceled or Closed;
}
