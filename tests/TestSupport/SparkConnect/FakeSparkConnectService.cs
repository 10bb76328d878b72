using System.Collections.Concurrent;
using Grpc.Core;
using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// SparkConnectService over <see cref="FakeSpark"/>, behaving as the server's mode says
/// (<see cref="FakeServerProfile"/>): records every call, applies armed faults, runs each
/// operation on its own and streams its buffered responses (<see cref="FakeResponseSender"/>), so
/// that ReattachExecute resumes after the last response id; forgets an operation on ReleaseAll,
/// interrupting it first if it still runs, as Spark's ReleaseAll does. Errors reach the client in
/// the shape of the mode (<see cref="FakeErrorStatus"/>).
/// </summary>
public sealed class FakeSparkConnectService(FakeSparkConnectServer server) : SparkConnectService.SparkConnectServiceBase
{
    private readonly ConcurrentDictionary<string, FakeOperation> _operations = new(StringComparer.Ordinal);
    private readonly FakeResponseSender _sender = new(server.Profile, server.Sessions);

    private FakeServerProfile Profile => server.Profile;

    private FakeSessions Sessions => server.Sessions;

    public override async Task ExecutePlan(ExecutePlanRequest request, IServerStreamWriter<ExecutePlanResponse> responseStream, ServerCallContext context)
    {
        Record(nameof(ExecutePlan), request, context);
        FailIfArmed(nameof(ExecutePlan));
        if (request.Plan?.Command?.WriteOperation is not null && server.Faults.TakeRestartBeforeWrite())
        {
            Sessions.Restart();
        }

        var session = Resolve(request.SessionId, request.HasClientObservedServerSideSessionId ? request.ClientObservedServerSideSessionId : null);
        if (_operations.ContainsKey(request.OperationId))
        {
            throw ToRpc(FakeSparkErrors.Spark("INVALID_HANDLE.OPERATION_ALREADY_EXISTS", "HY000", $"The handle {request.OperationId} is invalid. Operation already exists.", "org.apache.spark.SparkSQLException"), session);
        }

        var sql = request.Plan?.Command?.SqlCommand?.Sql;
        var operation = new FakeOperation(request.OperationId, request.SessionId, session) { Held = sql is null ? null : server.Faults.TakeHold(sql) };
        _operations[request.OperationId] = operation;
        _ = Task.Run(() => RunAsync(operation, request, sql, context.CancellationToken));
        await _sender.SendAsync(operation, 0, responseStream, server.Faults.TakeBreak(), context.CancellationToken);
    }

    public override async Task ReattachExecute(ReattachExecuteRequest request, IServerStreamWriter<ExecutePlanResponse> responseStream, ServerCallContext context)
    {
        Record(nameof(ReattachExecute), request, context);
        FailIfArmed(nameof(ReattachExecute));
        var session = Resolve(request.SessionId, request.HasClientObservedServerSideSessionId ? request.ClientObservedServerSideSessionId : null);
        if (!_operations.TryGetValue(request.OperationId, out var operation))
        {
            throw ToRpc(FakeSparkErrors.OperationNotFound(request.OperationId), session);
        }

        var start = request.HasLastResponseId ? operation.IndexAfter(request.LastResponseId) : 0;
        if (start < 0)
        {
            throw ToRpc(FakeSparkErrors.Spark("INVALID_CURSOR.POSITION_NOT_FOUND", "HY109", $"The cursor position id {request.LastResponseId} is not found.", "org.apache.spark.SparkSQLException"), session);
        }

        await _sender.SendAsync(operation, start, responseStream, server.Faults.TakeBreak(), context.CancellationToken);
    }

    public override Task<ReleaseExecuteResponse> ReleaseExecute(ReleaseExecuteRequest request, ServerCallContext context)
    {
        Record(nameof(ReleaseExecute), request, context);
        FailIfArmed(nameof(ReleaseExecute));
        var session = Resolve(request.SessionId, request.HasClientObservedServerSideSessionId ? request.ClientObservedServerSideSessionId : null);
        var response = new ReleaseExecuteResponse { SessionId = request.SessionId, ServerSideSessionId = Sessions.ServerSideIdOf(session) };
        if (request.ReleaseCase == ReleaseExecuteRequest.ReleaseOneofCase.ReleaseAll)
        {
            if (_operations.TryRemove(request.OperationId, out var released))
            {
                released.Held?.Release();
                released.Interrupt.Cancel();
                response.OperationId = request.OperationId;
            }
        }
        else if (_operations.TryGetValue(request.OperationId, out var operation))
        {
            // ReleaseUntil frees buffered responses; unknown ids are a no-op (base.proto).
            operation.ReleasedUntil = request.ReleaseUntil.ResponseId;
            response.OperationId = request.OperationId;
        }

        return Task.FromResult(response);
    }

    public override Task<AnalyzePlanResponse> AnalyzePlan(AnalyzePlanRequest request, ServerCallContext context)
    {
        Record(nameof(AnalyzePlan), request, context);
        FailIfArmed(nameof(AnalyzePlan));
        var session = Resolve(request.SessionId, request.HasClientObservedServerSideSessionId ? request.ClientObservedServerSideSessionId : null);
        var response = new AnalyzePlanResponse { SessionId = request.SessionId, ServerSideSessionId = Sessions.ServerSideIdOf(session) };
        try
        {
            switch (request.AnalyzeCase)
            {
                case AnalyzePlanRequest.AnalyzeOneofCase.Schema:
                    response.Schema = new AnalyzePlanResponse.Types.Schema { Schema_ = server.Spark.Analyze(request.Schema.Plan) };
                    break;
                case AnalyzePlanRequest.AnalyzeOneofCase.SparkVersion:
                    response.SparkVersion = new AnalyzePlanResponse.Types.SparkVersion { Version = Profile.SparkVersion };
                    break;
                default:
                    throw FakeSparkErrors.Spark("UNSUPPORTED_FEATURE", "0A000", $"the fake does not analyze {request.AnalyzeCase}");
            }
        }
        catch (FakeSparkException error)
        {
            throw ToRpc(error, session);
        }

        return Task.FromResult(response);
    }

    public override Task<ConfigResponse> Config(ConfigRequest request, ServerCallContext context)
    {
        Record(nameof(Config), request, context);
        FailIfArmed(nameof(Config));
        var session = Resolve(request.SessionId, request.HasClientObservedServerSideSessionId ? request.ClientObservedServerSideSessionId : null);
        var confs = server.Spark.SessionConfs.GetOrAdd(request.SessionId, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        var response = new ConfigResponse { SessionId = request.SessionId, ServerSideSessionId = Sessions.ServerSideIdOf(session) };
        var operation = request.Operation;
        switch (operation.OpTypeCase)
        {
            case ConfigRequest.Types.Operation.OpTypeOneofCase.Set:
                foreach (var pair in operation.Set.Pairs)
                {
                    confs[pair.Key] = pair.Value;
                }

                break;
            case ConfigRequest.Types.Operation.OpTypeOneofCase.Unset:
                foreach (var key in operation.Unset.Keys)
                {
                    confs.TryRemove(key, out _);
                }

                break;
            case ConfigRequest.Types.Operation.OpTypeOneofCase.GetOption:
            case ConfigRequest.Types.Operation.OpTypeOneofCase.Get:
                var keys = operation.OpTypeCase == ConfigRequest.Types.Operation.OpTypeOneofCase.Get ? operation.Get.Keys : operation.GetOption.Keys;
                foreach (var key in keys)
                {
                    var pair = new KeyValue { Key = key };
                    if (confs.TryGetValue(key, out var value))
                    {
                        pair.Value = value;
                    }

                    response.Pairs.Add(pair);
                }

                break;
            default:
                throw ToRpc(FakeSparkErrors.Spark("UNSUPPORTED_FEATURE", "0A000", $"the fake does not run Config {operation.OpTypeCase}"), session);
        }

        return Task.FromResult(response);
    }

    public override Task<ReleaseSessionResponse> ReleaseSession(ReleaseSessionRequest request, ServerCallContext context)
    {
        Record(nameof(ReleaseSession), request, context);
        RequireSpark4(nameof(ReleaseSession));
        FailIfArmed(nameof(ReleaseSession));
        var serverSideId = Sessions.Find(request.SessionId) is { } session ? Sessions.ServerSideIdOf(session) : string.Empty;
        Sessions.Release(request.SessionId);
        return Task.FromResult(new ReleaseSessionResponse { SessionId = request.SessionId, ServerSideSessionId = serverSideId });
    }

    public override Task<FetchErrorDetailsResponse> FetchErrorDetails(FetchErrorDetailsRequest request, ServerCallContext context)
    {
        Record(nameof(FetchErrorDetails), request, context);
        RequireSpark4(nameof(FetchErrorDetails));
        FailIfArmed(nameof(FetchErrorDetails));
        var session = Resolve(request.SessionId, request.HasClientObservedServerSideSessionId ? request.ClientObservedServerSideSessionId : null);
        var response = FakeErrorStatus.Details(session.Errors.GetValueOrDefault(request.ErrorId), Profile);
        response.SessionId = request.SessionId;
        response.ServerSideSessionId = Sessions.ServerSideIdOf(session);
        return Task.FromResult(response);
    }

    /// <summary>Runs an operation to its end on its own, as a Spark execution does (only ReleaseAll stops it).</summary>
    private async Task RunAsync(FakeOperation operation, ExecutePlanRequest request, string? sql, CancellationToken callCancelled)
    {
        var serverSideId = Sessions.ServerSideIdOf(operation.Session);
        try
        {
            if (operation.Held is { } held)
            {
                if (await held.WaitAsync(callCancelled))
                {
                    held.Settle(HeldOutcome.Released);
                    throw FakeSparkErrors.Spark("OPERATION_CANCELED", "HY008", "Operation has been canceled.", "org.apache.spark.SparkException");
                }
            }

            if (sql is not null && server.Faults.TakeDelay(sql) is { } delay)
            {
                await Task.Delay(delay, operation.Interrupt.Token);
            }

            var responses = await server.Spark.ExecuteAsync(request.SessionId, request.Plan, operation.Interrupt.Token);
            operation.Held?.Settle(HeldOutcome.Ran);
            server.Executed(request.Plan);
            foreach (var response in responses)
            {
                operation.Append(response, serverSideId);
            }

            operation.Append(new ExecutePlanResponse { ResultComplete = new ExecutePlanResponse.Types.ResultComplete() }, serverSideId);
            operation.Finish();
        }
        catch (OperationCanceledException) when (operation.Interrupt.IsCancellationRequested)
        {
            operation.Finish(FakeSparkErrors.Spark("OPERATION_CANCELED", "HY008", "Operation has been canceled.", "org.apache.spark.SparkException"));
        }
        catch (Exception error)
        {
            operation.Finish(error);
        }
    }

    private FakeServerSessionState Resolve(string sessionId, string? observed)
    {
        try
        {
            return Sessions.Resolve(sessionId, observed);
        }
        catch (FakeSparkException error)
        {
            throw ToRpc(error, null);
        }
    }

    private RpcException ToRpc(FakeSparkException error, FakeServerSessionState? session) => FakeErrorStatus.ToRpc(error, Profile, session);

    /// <summary>A Spark 3.5.1 server has no such RPC: grpc-java answers UNIMPLEMENTED.</summary>
    private void RequireSpark4(string method)
    {
        if (!Profile.Spark4Rpcs)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"Method not found: spark.connect.SparkConnectService/{method}"));
        }
    }

    private void FailIfArmed(string method)
    {
        if (server.Faults.TakeUnavailable(method))
        {
            throw FakeSparkErrors.Unavailable($"{method} is unavailable (injected)");
        }
    }

    private void Record(string method, Google.Protobuf.IMessage request, ServerCallContext context)
    {
        var headers = context.RequestHeaders.Where(h => !h.IsBinary).GroupBy(h => h.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        server.Record(new RecordedCall(method, request, headers, context.GetHttpContext().Request.IsHttps));
    }
}
