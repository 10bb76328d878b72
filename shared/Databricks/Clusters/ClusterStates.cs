namespace Handoff.Shared.Databricks.Clusters;

/// <summary>
/// The documented cluster states (databricks-sdk-go service/compute/model.go, type State) and the
/// transitions the SDK documents next to them: PENDING → RUNNING; RUNNING → RESIZING, RESTARTING or
/// TERMINATING; RESTARTING and RESIZING → RUNNING or TERMINATING; TERMINATING → TERMINATED.
/// </summary>
public static class ClusterStates
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Restarting = "RESTARTING";
    public const string Resizing = "RESIZING";
    public const string Terminating = "TERMINATING";
    public const string Terminated = "TERMINATED";
    public const string Error = "ERROR";
    public const string Unknown = "UNKNOWN";

    /// <summary>A cluster that takes commands: RUNNING, or RESIZING (the SDK's IsRunningOrResizing, service/compute/ext_utilities.go).</summary>
    public static bool AcceptsCommands(string? state) => state is Running or Resizing;
}
