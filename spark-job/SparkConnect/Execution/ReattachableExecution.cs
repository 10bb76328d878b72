using System.Runtime.CompilerServices;
using Grpc.Core;
using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>
/// One ExecutePlan operation, read to its ResultComplete, the way PySpark's
/// ExecutePlanResponseReattachableIterator reads it (apache/spark python/pyspark/sql/connect/client/reattach.py @ ca1d74c):
/// <list type="bullet">
/// <item>A stream the server ends cleanly without ResultComplete means "there is more": Spark closes
/// a reattachable stream on its own every spark.connect.execute.reattachable.senderMaxStreamDuration
/// (2 minutes on 3.5, ExecuteGrpcResponseSender), and a 3.5 server sends nothing while a command
/// runs. The client reattaches from the last response id at once, with no limit while the server
/// answers; a write that runs for hours is read to its end.</item>
/// <item>Only failures count against the retry schedule (UNAVAILABLE, a stream broken in transport),
/// and the schedule starts afresh after each response.</item>
/// <item>The plan is sent again only when the server says it never heard of the operation id and no
/// response was received yet, so a write never runs twice.</item>
/// <item>Consumed responses are released with ReleaseUntil as reading goes on, and the operation with
/// ReleaseAll at the end, however it ends: ReleaseAll also interrupts an execution that is still
/// running (Spark Connect's contract), so a cancelled load does not go on committing on the cluster.</item>
/// </list>
/// Every response is checked against the session (<see cref="Client.ServerSession"/>).
/// </summary>
internal sealed class ReattachableExecution(CallContext context, Plan plan)
{
    private readonly string _operationId = Guid.NewGuid().ToString("D");
    private AsyncServerStreamingCall<ExecutePlanResponse>? _call;
    private string? _lastResponseId;

    public string OperationId => _operationId;

    public async IAsyncEnumerable<ExecutePlanResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        context.Session.ThrowIfClosed();
        var releaser = new ExecutionReleaser(context, _operationId);
        var received = false;
        try
        {
            _call = context.Stub.ExecutePlan(context.Requests.ExecutePlan(plan, _operationId), context.CallOptions(cancellationToken));
            var complete = false;
            while (!complete)
            {
                var response = await NextAsync(cancellationToken);
                received = true;
                context.Session.Observe(response.SessionId, response.ServerSideSessionId);
                if (response.ResponseId.Length > 0)
                {
                    _lastResponseId = response.ResponseId;
                }

                complete = response.ResponseTypeCase == ExecutePlanResponse.ResponseTypeOneofCase.ResultComplete;
                yield return response;
                if (!complete && response.ResponseId.Length > 0)
                {
                    releaser.ReleaseUntil(response.ResponseId);
                }
            }
        }
        finally
        {
            DisposeCall();
            await releaser.ReleaseAllAsync(retry: received || cancellationToken.IsCancellationRequested);
        }
    }

    private async Task<ExecutePlanResponse> NextAsync(CancellationToken cancellationToken)
    {
        var schedule = context.NewSchedule();
        while (true)
        {
            try
            {
                _call ??= context.Stub.ReattachExecute(context.Requests.Reattach(_operationId, _lastResponseId), context.CallOptions(cancellationToken));
                if (await _call.ResponseStream.MoveNext(cancellationToken))
                {
                    return _call.ResponseStream.Current;
                }

                // Ended without ResultComplete: the operation goes on server-side; reattach at once.
                DisposeCall();
            }
            catch (RpcException error) when (RetryableErrors.IsOperationNotFound(error) && _lastResponseId is null)
            {
                // The first ExecutePlan never reached the server, so sending it again cannot run
                // the plan twice (a second ExecutePlan with a known operation id is refused).
                DisposeCall();
                _call = context.Stub.ExecutePlan(context.Requests.ExecutePlan(plan, _operationId), context.CallOptions(cancellationToken));
            }
            catch (RpcException error) when (RetryableErrors.IsBrokenStream(error) && !cancellationToken.IsCancellationRequested)
            {
                DisposeCall();
                var wait = schedule.NextWait() ?? throw await context.GiveUpAsync(error, "ExecutePlan", schedule);
                context.ReportRetry(_lastResponseId is null ? "ExecutePlan" : "ReattachExecute", error, schedule, wait);
                await Task.Delay(wait, context.Time, cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException error)
            {
                throw await context.TranslateAsync(error, "ExecutePlan");
            }
        }
    }

    private void DisposeCall()
    {
        _call?.Dispose();
        _call = null;
    }
}
