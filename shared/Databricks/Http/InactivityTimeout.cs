namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// A timeout that counts inactivity, not total time: every chunk of a request or response body
/// that moves pushes the deadline back, so a large upload on a slow link finishes, while a
/// connection on which nothing moves for the whole timeout is cut. This is the Databricks SDK's
/// rule (databricks/databricks-sdk-go v0.175.0, httpclient/timeout_context.go, "request timed
/// out after … of inactivity"). Runs on the system clock: it measures the network, not the
/// clock tests replace.
/// </summary>
internal sealed class InactivityTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;

    public InactivityTimeout(TimeSpan timeout, CancellationToken caller)
    {
        Timeout = timeout;
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _source.CancelAfter(timeout);
    }

    public TimeSpan Timeout { get; }

    public CancellationToken Token => _source.Token;

    /// <summary>True when this timeout, not the caller, cancelled the attempt.</summary>
    public bool Expired => _source.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>Something moved: the deadline is now a whole timeout away again.</summary>
    public void Tick()
    {
        try
        {
            _source.CancelAfter(Timeout);
        }
        catch (ObjectDisposedException)
        {
            // A body read after the attempt ended; nothing left to time.
        }
    }

    public void Dispose() => _source.Dispose();
}
