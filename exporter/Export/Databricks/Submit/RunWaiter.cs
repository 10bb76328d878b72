using Handoff.Shared.Databricks.Runs;

namespace Handoff.Exporter.Databricks.Submit;

/// <summary>A change worth telling the user: the run's state, its message, and the time since waiting began.</summary>
public sealed record RunProgress(Run Run, string LifeCycle, string? Result, string? Message, TimeSpan Elapsed);

/// <summary>
/// Polls <c>runs/get</c> until the run is over, reporting each change of state. Unknown states
/// (a value Databricks adds later) are reported as they are and waited through.
/// </summary>
public sealed class RunWaiter(RunsClient runs, TimeProvider time, TimeSpan pollInterval)
{
    /// <param name="first">The run as already fetched (it is reported first, then polling starts after one interval).</param>
    public async Task<Run> WaitAsync(long runId, Action<RunProgress> onChange, CancellationToken cancellationToken, Run? first = null)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var started = time.GetTimestamp();
        string? last = null;
        while (true)
        {
            var run = first ?? await runs.GetAsync(runId, cancellationToken);
            first = null;
            var key = $"{run.LifeCycle}|{run.Result}|{run.State?.StateMessage}";
            if (key != last)
            {
                last = key;
                onChange(new RunProgress(run, run.LifeCycle, run.Result, run.State?.StateMessage, time.GetElapsedTime(started)));
            }

            if (run.IsFinal)
            {
                return run;
            }

            await Task.Delay(pollInterval, time, cancellationToken);
        }
    }
}
