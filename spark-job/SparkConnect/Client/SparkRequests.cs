using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Client;

/// <summary>
/// Builds the requests of the RPCs with what every request carries: session id, user context,
/// client type and, once a Spark 4.x server has named it, the server-side session id it is expected
/// to still have (<c>client_observed_server_side_session_id</c>, as PySpark's core.py sets it).
/// Pure apart from that, so golden tests can pin the bytes.
/// </summary>
public sealed class SparkRequests(ClientIdentity identity, ServerSession? session = null)
{
    public ClientIdentity Identity => identity;

    private string? Observed => session?.Observed;

    /// <summary>A reattachable execution: if the stream breaks, it can be resumed, never re-run.</summary>
    public ExecutePlanRequest ExecutePlan(Plan plan, string operationId)
    {
        var request = new ExecutePlanRequest
        {
            SessionId = identity.SessionId,
            UserContext = identity.UserContext,
            OperationId = operationId,
            Plan = plan,
            ClientType = identity.ClientType,
            RequestOptions = { new ExecutePlanRequest.Types.RequestOption { ReattachOptions = new ReattachOptions { Reattachable = true } } },
        };
        if (Observed is { } observed)
        {
            request.ClientObservedServerSideSessionId = observed;
        }

        return request;
    }

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

        if (Observed is { } observed)
        {
            request.ClientObservedServerSideSessionId = observed;
        }

        return request;
    }

    /// <summary>Ends the operation: frees its responses and interrupts it if it still runs.</summary>
    public ReleaseExecuteRequest ReleaseAll(string operationId) => Release(operationId, new ReleaseExecuteRequest { ReleaseAll = new ReleaseExecuteRequest.Types.ReleaseAll() });

    /// <summary>Frees the responses up to and including <paramref name="responseId"/>, which the client has consumed.</summary>
    public ReleaseExecuteRequest ReleaseUntil(string operationId, string responseId) =>
        Release(operationId, new ReleaseExecuteRequest { ReleaseUntil = new ReleaseExecuteRequest.Types.ReleaseUntil { ResponseId = responseId } });

    /// <summary>Ends the session on the server (Spark 4.x); the session id cannot be used again.</summary>
    public ReleaseSessionRequest ReleaseSession() => new()
    {
        SessionId = identity.SessionId,
        UserContext = identity.UserContext,
        ClientType = identity.ClientType,
    };

    /// <summary>The full message, causes and SQLSTATE of an error whose ErrorInfo carried <paramref name="errorId"/> (Spark 4.x).</summary>
    public FetchErrorDetailsRequest FetchErrorDetails(string errorId)
    {
        var request = new FetchErrorDetailsRequest
        {
            SessionId = identity.SessionId,
            UserContext = identity.UserContext,
            ErrorId = errorId,
            ClientType = identity.ClientType,
        };
        if (Observed is { } observed)
        {
            request.ClientObservedServerSideSessionId = observed;
        }

        return request;
    }

    public AnalyzePlanRequest Schema(Plan plan) => Analyze(new AnalyzePlanRequest { Schema = new AnalyzePlanRequest.Types.Schema { Plan = plan } });

    public AnalyzePlanRequest SparkVersion() => Analyze(new AnalyzePlanRequest { SparkVersion = new AnalyzePlanRequest.Types.SparkVersion() });

    public ConfigRequest Config(ConfigRequest.Types.Operation operation)
    {
        var request = new ConfigRequest
        {
            SessionId = identity.SessionId,
            UserContext = identity.UserContext,
            ClientType = identity.ClientType,
            Operation = operation,
        };
        if (Observed is { } observed)
        {
            request.ClientObservedServerSideSessionId = observed;
        }

        return request;
    }

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

    private ReleaseExecuteRequest Release(string operationId, ReleaseExecuteRequest request)
    {
        request.SessionId = identity.SessionId;
        request.UserContext = identity.UserContext;
        request.OperationId = operationId;
        request.ClientType = identity.ClientType;
        if (Observed is { } observed)
        {
            request.ClientObservedServerSideSessionId = observed;
        }

        return request;
    }

    private AnalyzePlanRequest Analyze(AnalyzePlanRequest request)
    {
        request.SessionId = identity.SessionId;
        request.UserContext = identity.UserContext;
        request.ClientType = identity.ClientType;
        if (Observed is { } observed)
        {
            request.ClientObservedServerSideSessionId = observed;
        }

        return request;
    }
}
