using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Client;

/// <summary>
/// Builds the requests of the five RPCs with the identity every request carries: session id,
/// user context and client type. Pure, so golden tests can pin the bytes.
/// </summary>
public sealed class SparkRequests(ClientIdentity identity)
{
    public ClientIdentity Identity => identity;

    /// <summary>A reattachable execution: if the stream breaks, it can be resumed, never re-run.</summary>
    public ExecutePlanRequest ExecutePlan(Plan plan, string operationId) => new()
    {
        SessionId = identity.SessionId,
        UserContext = identity.UserContext,
        OperationId = operationId,
        Plan = plan,
        ClientType = identity.ClientType,
        RequestOptions = { new ExecutePlanRequest.Types.RequestOption { ReattachOptions = new ReattachOptions { Reattachable = true } } },
    };

    public ReattachExecuteRequest Reattach(string operationId, string? lastResponseId)
    {
        var request = new ReattachExecuteRequest
        {
            SessionId = identity.SessionId,
            UserContext = identity.UserContext,
            OperationId = operationId,
            ClientType = identity.ClientType,
        };
        if (lastResponseId is not null)
        {
            request.LastResponseId = lastResponseId;
        }

        return request;
    }

    public ReleaseExecuteRequest ReleaseAll(string operationId) => new()
    {
        SessionId = identity.SessionId,
        UserContext = identity.UserContext,
        OperationId = operationId,
        ClientType = identity.ClientType,
        ReleaseAll = new ReleaseExecuteRequest.Types.ReleaseAll(),
    };

    public AnalyzePlanRequest Schema(Plan plan) => new()
    {
        SessionId = identity.SessionId,
        UserContext = identity.UserContext,
        ClientType = identity.ClientType,
        Schema = new AnalyzePlanRequest.Types.Schema { Plan = plan },
    };

    public AnalyzePlanRequest SparkVersion() => new()
    {
        SessionId = identity.SessionId,
        UserContext = identity.UserContext,
        ClientType = identity.ClientType,
        SparkVersion = new AnalyzePlanRequest.Types.SparkVersion(),
    };

    public ConfigRequest Config(ConfigRequest.Types.Operation operation) => new()
    {
        SessionId = identity.SessionId,
        UserContext = identity.UserContext,
        ClientType = identity.ClientType,
        Operation = operation,
    };

    public static ConfigRequest.Types.Operation SetOperation(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var set = new ConfigRequest.Types.Set();
        set.Pairs.AddRange(pairs.Select(p => new KeyValue { Key = p.Key, Value = p.Value }));
        return new ConfigRequest.Types.Operation { Set = set };
    }

    public static ConfigRequest.Types.Operation GetOptionOperation(IEnumerable<string> keys) =>
        new() { GetOption = new ConfigRequest.Types.GetOption { Keys = { keys } } };

    public static ConfigRequest.Types.Operation UnsetOperation(IEnumerable<string> keys) =>
        new() { Unset = new ConfigRequest.Types.Unset { Keys = { keys } } };
}
