using System.Runtime.CompilerServices;
using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Errors;
using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>
/// One ExecutePlan operation, read to its ResultComplete. When the stream breaks, or the server
/// ends it before ResultComplete (as Spark does after a few minutes), reading continues with
/// ReattachExecute from the last response id. The plan is sent again only when the server says
/// it never heard of the operation id, so a write never runs twice. The operation is released
/// at the end, however it ends: ReleaseAll also interrupts an execution that is still running
/// (Spark Connect's contract), so a cancelled load does not go on committing on the cluster.
/// </summary>
internal sealed class ReattachableExecution(
    SparkConnectService.SparkConnectServiceClient client,
    SparkRequests requests,
    Plan plan,
    Func<CancellationToken, CallOptions> callOptions,
    SparkConnectClientOptions options,
    SecretRedactor redactor)
{
    private readonly string _operationId = Guid.NewGuid().ToString("D");
    private AsyncServerStreamingCall<ExecutePlanResponse>? _call;
    private string? _lastResponseId;
    private int _failures;
    private bool _complete;

    public string OperationId => _operationId;

    public async IAsyncEnumerable<ExecutePlanResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = requests.ExecutePlan(plan, _operationId);
        try
        {
            _call = client.ExecutePlan(request, callOptions(cancellationToken));
            while (!_complete && await NextAsync(request, cancellationToken) is { } response)
            {
                yield return response;
            }
        }
        finally
        {
            DisposeCall();
            await ReleaseAsync();
        }
    }

    private async Task<ExecutePlanResponse?> NextAsync(ExecutePlanRequest request, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _call ??= client.ReattachExecute(requests.Reattach(_operationId, _lastResponseId), callOptions(cancellationToken));
                if (await _call.ResponseStream.MoveNext(cancellationToken))
                {
                    var response = _call.ResponseStream.Current;
                    _failures = 0;
                    if (response.ResponseId.Length > 0)
                    {
                        _lastResponseId = response.ResponseId;
                    }

                    _complete = response.ResponseTypeCase == ExecutePlanResponse.ResponseTypeOneofCase.ResultComplete;
                    return response;
                }

                // Ended without ResultComplete: the operation goes on server-side; reattach.
                DisposeCall();
                await BackOffAsync(cancellationToken, () => new SparkConnectException($"Spark ExecutePlan failed: the result stream of operation {_operationId} kept ending without completing ({_failures} reattaches)", StatusCode.Unavailable));
            }
            catch (RpcException error) when (RetryableErrors.IsOperationNotFound(error) && _lastResponseId is null)
            {
                // The first ExecutePlan never reached the server, so sending it again cannot run
                // the plan twice (a second ExecutePlan with a known operation id is refused).
                DisposeCall();
                await BackOffAsync(cancellationToken, () => SparkErrorDecoder.Decode(error, "ExecutePlan", redactor));
                _call = client.ExecutePlan(request, callOptions(cancellationToken));
            }
            catch (RpcException error) when (RetryableErrors.IsBrokenStream(error) && !cancellationToken.IsCancellationRequested)
            {
                DisposeCall();
                await BackOffAsync(cancellationToken, () => SparkErrorDecoder.Decode(error, "ExecutePlan", redactor));
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException error)
            {
                throw SparkErrorDecoder.Decode(error, "ExecutePlan", redactor);
            }
        }
    }

    private async Task BackOffAsync(CancellationToken cancellationToken, Func<SparkConnectException> giveUp)
    {
        _failures++;
        if (_failures > options.Retry.MaxRetries)
        {
            throw giveUp();
        }

        await Task.Delay(options.Retry.BackoffFor(_failures), cancellationToken);
    }

    private void DisposeCall()
    {
        _call?.Dispose();
        _call = null;
    }

    private async Task ReleaseAsync()
    {
        // Best effort: the server also releases abandoned operations after a timeout, and a
        // failed release must not hide the operation's own outcome.
        try
        {
            using var timeout = new CancellationTokenSource(options.ReleaseTimeout);
            await client.ReleaseExecuteAsync(requests.ReleaseAll(_operationId), callOptions(timeout.Token));
        }
        catch (RpcException)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }
}
