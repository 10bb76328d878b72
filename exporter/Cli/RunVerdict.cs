using Handoff.Shared.Databricks.Runs;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Cli;

namespace Handoff.Exporter.Cli;

/// <summary>
/// The outcome of a finished run as an exit code: 0 when the run succeeded, 1 when the job ran
/// and its validation failed, 5 when the run failed otherwise, timed out, was cancelled,
/// skipped, or hit an internal error.
/// </summary>
internal sealed record RunVerdict(int ExitCode, string Summary)
{
    public static RunVerdict Of(Run run, LauncherOutput? output)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = run.Result;
        var message = (run.State?.StateMessage ?? run.Status?.TerminationDetails?.Message) is { Length: > 0 } text ? $": {text}" : string.Empty;
        // The job's own verdict comes first: a report that failed is a failed validation, however the run ended.
        if (output is { Passed: false } || output?.ExitCode == ExitCodes.ValidationFailed)
        {
            return new RunVerdict(ExitCodes.ValidationFailed, "validation failed");
        }

        if (run.LifeCycle == LifeCycleStates.Terminated && result == ResultStates.Success)
        {
            return new RunVerdict(ExitCodes.Ok, output?.Passed == true ? "run succeeded: validation passed" : "run succeeded");
        }

        // A run may carry only the 2.2 status, whose termination code says what result_state said.
        return (run.LifeCycle, result) switch
        {
            (_, ResultStates.TimedOut) => new RunVerdict(ExitCodes.RunFailed, $"run timed out{message}"),
            (_, ResultStates.Canceled or TerminationCodes.UserCanceled) => new RunVerdict(ExitCodes.RunFailed, $"run was cancelled{message}"),
            (LifeCycleStates.Skipped, _) or (_, TerminationCodes.Skipped) => new RunVerdict(ExitCodes.RunFailed, $"run was skipped{message}"),
            (LifeCycleStates.InternalError, _) or (_, TerminationCodes.InternalError) => new RunVerdict(ExitCodes.RunFailed, $"run hit a Databricks internal error{message}"),
            _ when output?.ExitCode is { } code => new RunVerdict(ExitCodes.RunFailed, $"run failed: the job exited with code {code}{message}"),
            _ => new RunVerdict(ExitCodes.RunFailed, $"run ended {run.LifeCycle}/{result ?? "no result"}{message}"),
        };
    }
}
