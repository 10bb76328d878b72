using Handoff.Exporter.Databricks.Submit;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>One state of a run as runs/get shows it.</summary>
public sealed record RunStep(string LifeCycleState, string? ResultState = null, string StateMessage = "");

/// <summary>
/// How a run the fake starts will go: the states it passes through, one per runs/get, and what
/// runs/get-output returns at the end (the launcher's log, an error).
/// </summary>
public sealed record RunScript(IReadOnlyList<RunStep> Steps, string Logs = "", string? Error = null)
{
    public const string ReportPassed = """{"exportId":"e-2025-01-01","table":"main.sales.orders","version":3,"startedAt":"2025-01-01T02:00:00Z","passed":true,"checks":[{"name":"row count","expected":"1000","actual":"1000","status":"passed"},{"name":"columns","expected":"id, amount","actual":"id, amount","status":"passed"}]}""";

    public const string ReportFailed = """{"exportId":"e-2025-01-01","table":"main.sales.orders","version":3,"startedAt":"2025-01-01T02:00:00Z","passed":false,"checks":[{"name":"row count","expected":"1000","actual":"998","status":"failed"},{"name":"columns","expected":"id, amount","actual":"id, amount","status":"passed"}]}""";

    public static RunScript Succeeds() => new(
        [new("PENDING", null, "Waiting for cluster"), new("RUNNING"), new("TERMINATED", "SUCCESS")],
        LauncherLog("loaded 1000 rows", ReportPassed, 0));

    public static RunScript ValidationFails() => new(
        [new("PENDING"), new("RUNNING"), new("TERMINATED", "FAILED", "Task handoff_load failed with message: exit code 1.")],
        LauncherLog("loaded 998 rows", ReportFailed, 1),
        Error: "SystemExit: 1");

    public static RunScript JobCrashes() => new(
        [new("PENDING"), new("RUNNING"), new("TERMINATED", "FAILED", "Task handoff_load failed.")],
        "handoff: running spark-job load\nerror: cannot reach sc://adb.net:443 (UNAVAILABLE)\nHANDOFF_EXIT_CODE: 3\n",
        Error: "SystemExit: 3");

    public static RunScript TimesOut() => new(
        [new("PENDING"), new("RUNNING"), new("TERMINATED", "TIMEDOUT", "Run timed out after 3600 seconds.")], "handoff: running spark-job load\n");

    public static RunScript Skipped() => new([new("SKIPPED", null, "Run skipped: the maximum number of concurrent runs was reached.")]);

    public static RunScript InternalError() => new([new("PENDING"), new("INTERNAL_ERROR", "FAILED", "Cluster failed to start: cloud provider capacity.")]);

    /// <summary>Runs forever (until cancelled).</summary>
    public static RunScript Endless() => new([new("PENDING"), new("RUNNING")]);

    public static string LauncherLog(string line, string reportJson, int exitCode) =>
        $"handoff: copied spark-job\n{line}\n{LauncherOutput.ReportMarker}{reportJson}\n{LauncherOutput.ExitMarker}{exitCode}\n";
}
