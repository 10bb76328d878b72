using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// One operation on the fake server, as Spark's ExecuteHolder keeps it: it runs on its own,
/// whatever its streams do, and buffers its responses (each with a response id) for the streams
/// that attach to it (ExecutePlan, then ReattachExecute). It stops only when it ends or is
/// interrupted (ReleaseAll).
/// </summary>
public sealed class FakeOperation(string operationId, string sessionId, FakeServerSessionState session)
{
    private readonly Lock _lock = new();
    private readonly List<ExecutePlanResponse> _responses = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string OperationId => operationId;

    public string SessionId => sessionId;

    public FakeServerSessionState Session => session;

    /// <summary>Cancelled by ReleaseAll: the execution stops.</summary>
    public CancellationTokenSource Interrupt { get; } = new();

    public HeldStatement? Held { get; init; }

    public bool Finished { get; private set; }

    public Exception? Error { get; private set; }

    /// <summary>The last response id the client released with ReleaseUntil.</summary>
    public string? ReleasedUntil { get; set; }

    public void Append(ExecutePlanResponse response, string serverSideSessionId)
    {
        response.SessionId = sessionId;
        response.OperationId = operationId;
        response.ResponseId = Guid.NewGuid().ToString("D");
        response.ServerSideSessionId = serverSideSessionId;
        lock (_lock)
        {
            _responses.Add(response);
            Signal();
        }
    }

    /// <summary>Adds a progress response unless the operation has ended or sent its ResultComplete.</summary>
    public void AppendProgress(ExecutePlanResponse progress, string serverSideSessionId)
    {
        lock (_lock)
        {
            if (Finished || _responses.LastOrDefault()?.ResponseTypeCase == ExecutePlanResponse.ResponseTypeOneofCase.ResultComplete)
            {
                return;
            }

            Append(progress, serverSideSessionId);
        }
    }

    public void Finish(Exception? error = null)
    {
        lock (_lock)
        {
            Finished = true;
            Error = error;
            Signal();
        }
    }

    /// <summary>The response at <paramref name="index"/> if there is one yet.</summary>
    public ExecutePlanResponse? At(int index)
    {
        lock (_lock)
        {
            return index < _responses.Count ? _responses[index] : null;
        }
    }

    /// <summary>The index after a response id; -1 when the id is unknown.</summary>
    public int IndexAfter(string responseId)
    {
        lock (_lock)
        {
            var found = _responses.FindIndex(r => r.ResponseId == responseId);
            return found < 0 ? -1 : found + 1;
        }
    }

    /// <summary>Waits until a response is added or the operation ends; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_lock)
        {
            changed = _changed.Task;
        }

        try
        {
            await changed.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Signal()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }
}
