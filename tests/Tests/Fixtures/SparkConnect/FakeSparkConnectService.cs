using System.Collections.Concurrent;
using Grpc.Core;
using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// SparkConnectService over <see cref="FakeSpark"/>: records every call, applies armed faults,
/// keeps each operation's responses so that ReattachExecute resumes after the last response id,
/// and forgets an operation on ReleaseExecute (stopping it first if it is a held statement that
/// is still running, as Spark's ReleaseAll interrupts a running execution).
/// </summary>
public sealed class FakeSparkConnectService(FakeSparkConnectServer server) : SparkConnectService.SparkConnectServiceBase
{
    private readonly ConcurrentDictionary<string, List<ExecutePlanResponse>> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HeldStatement> _held = new(StringComparer.Ordinal);

    public override async Task ExecutePlan(ExecutePlanRequest request, IServerStreamWriter<ExecutePlanResponse> responseStream, ServerCallContext context)
    {
        Record(nameof(ExecutePlan), request, context);
        FailIfArmed(nameof(ExecutePlan));
        if (_operations.ContainsKey(request.OperationId))
        {
            throw FakeSparkErrors.Spark("INVALID_HANDLE.OPERATION_ALREADY_EXISTS", "HY000", $"The handle {request.OperationId} is invalid. Operation already exists.", "org.apache.spark.SparkSQLException");
        }

        var held = request.Plan.Command?.SqlCommand is { } command ? server.Faults.TakeHold(command.Sql) : null;
        if (held is not null)
        {
            _held[request.OperationId] = held;
            if (await held.WaitAsync(context.CancellationToken))
            {
                held.Settle(HeldOutcome.Released);
                throw FakeSparkErrors.Spark("OPERATION_CANCELED", "HY008", "Operation has been canceled.", "org.apache.spark.SparkException");
            }
        }

        // A Spark operation does not stop when its client goes away (only when it is interrupted or released).
        var responses = await server.Spark.ExecuteAsync(request.SessionId, request.Plan, held is null ? context.CancellationToken : CancellationToken.None);
        held?.Settle(HeldOutcome.Ran);
        responses.Add(new ExecutePlanResponse { ResultComplete = new ExecutePlanResponse.Types.ResultComplete() });
        foreach (var response in responses)
        {
            response.SessionId = request.SessionId;
            response.OperationId = request.OperationId;
            response.ResponseId = Guid.NewGuid().ToString("D");
        }

        _operations[request.OperationId] = responses;
        await StreamAsync(responses, 0, responseStream);
    }

    public override async Task ReattachExecute(ReattachExecuteRequest request, IServerStreamWriter<ExecutePlanResponse> responseStream, ServerCallContext context)
    {
        Record(nameof(ReattachExecute), request, context);
        FailIfArmed(nameof(ReattachExecute));
        if (!_operations.TryGetValue(request.OperationId, out var responses))
        {
            throw FakeSparkErrors.OperationNotFound(request.OperationId);
        }

        var start = request.HasLastResponseId ? responses.FindIndex(r => r.ResponseId == request.LastResponseId) + 1 : 0;
        if (request.HasLastResponseId && start == 0)
        {
            throw FakeSparkErrors.Spark("INVALID_CURSOR.POSITION_NOT_FOUND", "HY109", $"The cursor position id {request.LastResponseId} is not found.", "org.apache.spark.SparkSQLException");
        }

        await StreamAsync(responses, start, responseStream);
    }

    public override Task<ReleaseExecuteResponse> ReleaseExecute(ReleaseExecuteRequest request, ServerCallContext context)
    {
        Record(nameof(ReleaseExecute), request, context);
        if (request.ReleaseAll is not null && _held.TryRemove(request.OperationId, out var held))
        {
            held.Release();
        }

        var known = _operations.TryRemove(request.OperationId, out _);
        var response = new ReleaseExecuteResponse { SessionId = request.SessionId };
        if (known)
        {
            response.OperationId = request.OperationId;
        }

        return Task.FromResult(response);
    }

    public override Task<AnalyzePlanResponse> AnalyzePlan(AnalyzePlanRequest request, ServerCallContext context)
    {
        Record(nameof(AnalyzePlan), request, context);
        FailIfArmed(nameof(AnalyzePlan));
        var response = new AnalyzePlanResponse { SessionId = request.SessionId };
        switch (request.AnalyzeCase)
        {
            case AnalyzePlanRequest.AnalyzeOneofCase.Schema:
                response.Schema = new AnalyzePlanResponse.Types.Schema { Schema_ = server.Spark.Analyze(request.Schema.Plan) };
                break;
            case AnalyzePlanRequest.AnalyzeOneofCase.SparkVersion:
                response.SparkVersion = new AnalyzePlanResponse.Types.SparkVersion { Version = FakeSpark.Version };
                break;
            default:
                throw FakeSparkErrors.Spark("UNSUPPORTED_FEATURE", "0A000", $"the fake does not analyze {request.AnalyzeCase}");
        }

        return Task.FromResult(response);
    }

    public override Task<ConfigResponse> Config(ConfigRequest request, ServerCallContext context)
    {
        Record(nameof(Config), request, context);
        FailIfArmed(nameof(Config));
        var confs = server.Spark.SessionConfs.GetOrAdd(request.SessionId, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        var response = new ConfigResponse { SessionId = request.SessionId };
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
                throw FakeSparkErrors.Spark("UNSUPPORTED_FEATURE", "0A000", $"the fake does not run Config {operation.OpTypeCase}");
        }

        return Task.FromResult(response);
    }

    private async Task StreamAsync(List<ExecutePlanResponse> responses, int start, IServerStreamWriter<ExecutePlanResponse> stream)
    {
        var broken = server.Faults.TakeBreak();
        var sent = 0;
        for (var i = start; i < responses.Count; i++)
        {
            if (broken is { } fault && sent == fault.After)
            {
                if (fault.How == StreamBreak.Unavailable)
                {
                    throw FakeSparkErrors.Unavailable("the connection was reset (injected)");
                }

                return;
            }

            await stream.WriteAsync(responses[i]);
            sent++;
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
