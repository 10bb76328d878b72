namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>How a held statement ended on the fake server.</summary>
public enum HeldOutcome
{
    /// <summary>Its operation was released (ReleaseAll), which Spark documents as interrupting a running execution: nothing ran.</summary>
    Released,

    /// <summary>Its client went away without releasing it, so it ran to the end server-side, as a Spark operation does.</summary>
    Ran,
}

/// <summary>
/// A statement the fake runs as a long job (see <see cref="FakeFaults.HoldStatement"/>): it waits
/// until its operation is released; if its client goes away without releasing it, it runs after a
/// grace period, as a server-side operation would.
/// </summary>
public sealed class HeldStatement(string text, TimeSpan grace)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<HeldOutcome> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Text => text;

    /// <summary>Completes when the server has started the statement.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Completes with how the statement ended.</summary>
    public Task<HeldOutcome> Settled => _settled.Task;

    /// <summary>True when the operation was released (do not run it), false when it must run.</summary>
    internal async Task<bool> WaitAsync(CancellationToken callCancelled)
    {
        _reached.TrySetResult();
        try
        {
            await _released.Task.WaitAsync(callCancelled);
            return true;
        }
        catch (OperationCanceledException)
        {
            // The client went away; the operation goes on unless it is released soon. The grace
            // period runs on its own: the call's token is the one that was just cancelled.
            return await Task.WhenAny(_released.Task, Task.Delay(grace, CancellationToken.None)) == _released.Task;
        }
    }

    internal void Release() => _released.TrySetResult();

    internal void Settle(HeldOutcome outcome) => _settled.TrySetResult(outcome);
}
