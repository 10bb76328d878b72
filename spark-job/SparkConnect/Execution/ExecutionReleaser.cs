using Grpc.Core;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>
/// Tells the server which responses of an operation the client has consumed, as PySpark's
/// reattachable iterator does (apache/spark python/pyspark/sql/connect/client/reattach.py @ ca1d74c, _release_until and
/// _release_all): ReleaseUntil after each consumed response, in the background so reading goes on,
/// and ReleaseAll once at the end, which also interrupts an operation that still runs. Each release
/// is retried on the client's schedule within <see cref="Client.SparkConnectClientOptions.ReleaseTimeout"/>;
/// a release that fails is dropped (the server also releases abandoned operations after a timeout).
/// ReleaseUntil(n) covers every earlier response, so while one is in flight only the newest waiting
/// one is sent next.
/// </summary>
internal sealed class ExecutionReleaser(CallContext context, string operationId)
{
    private readonly Lock _lock = new();
    private Task _inFlight = Task.CompletedTask;
    private string? _waiting;
    private bool _sending;

    public void ReleaseUntil(string responseId)
    {
        lock (_lock)
        {
            _waiting = responseId;
            if (!_sending)
            {
                _sending = true;
                _inFlight = Task.Run(SendWaitingAsync);
            }
        }
    }

    /// <summary>
    /// Waits for the background releases (within the release timeout), then sends ReleaseAll:
    /// retried when <paramref name="retry"/>, else tried once (the server never answered this
    /// operation, and it drops abandoned ones itself: spark.connect.execute.manager.detachedTimeout).
    /// </summary>
    public async Task ReleaseAllAsync(bool retry)
    {
        Task inFlight;
        lock (_lock)
        {
            inFlight = _inFlight;
        }

        await inFlight.WaitAsync(context.Options.ReleaseTimeout, context.Time).ContinueWith(_ => { }, TaskScheduler.Default);
        await SendAsync("ReleaseExecute", ct => context.Stub.ReleaseExecuteAsync(context.Requests.ReleaseAll(operationId), context.CallOptions(ct)).ResponseAsync, retry);
    }

    private async Task SendWaitingAsync()
    {
        try
        {
            while (true)
            {
                string responseId;
                lock (_lock)
                {
                    if (_waiting is null)
                    {
                        _sending = false;
                        return;
                    }

                    responseId = _waiting;
                    _waiting = null;
                }

                await SendAsync("ReleaseExecute", ct => context.Stub.ReleaseExecuteAsync(context.Requests.ReleaseUntil(operationId, responseId), context.CallOptions(ct)).ResponseAsync);
            }
        }
        catch
        {
            lock (_lock)
            {
                _sending = false;
            }

            throw;
        }
    }

    private async Task SendAsync(string operation, Func<CancellationToken, Task<Spark.Connect.ReleaseExecuteResponse>> call, bool retry = true)
    {
        if (context.Session.IsClosed)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(context.Options.ReleaseTimeout, context.Time);
            var response = retry
                ? await new Retrier(context).RunAsync(operation, call, timeout.Token, report: false)
                : await call(timeout.Token);
            context.Session.Observe(response.SessionId, response.ServerSideSessionId);
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException or Errors.SparkConnectException)
        {
            // Best effort: the operation's own outcome is what the caller sees.
        }
    }
}
