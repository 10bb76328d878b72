using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Net.Client;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.SparkJob.SparkConnect.Errors;
using Handoff.SparkJob.SparkConnect.Execution;
using Handoff.SparkJob.SparkConnect.Plans;
using Handoff.SparkJob.SparkConnect.Results;
using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Client;

/// <summary>
/// A Spark Connect session: one session id for the client's lifetime, the connection's headers
/// on every call, retries like PySpark's, reattachable executions, the server-side session watched
/// for restarts, and server errors as <see cref="SparkConnectException"/>. Knows SQL and plans,
/// nothing of Delta. <see cref="DisposeAsync"/> releases the session on the server (Spark 4.x).
/// </summary>
public sealed class SparkConnectClient : IDisposable, IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly SparkConnectClientOptions _options;
    private readonly CallContext _context;
    private readonly Retrier _retrier;
    private readonly Lock _readyLock = new();
    private Task? _ready;
    private bool _disposed;

    public SparkConnectClient(SparkConnectionString connection, SparkConnectClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Token is not null && !connection.UseSsl)
        {
            throw new SparkConnectionStringException("token", "a token is never sent over plain text");
        }

        _options = options ?? new SparkConnectClientOptions();
        Connection = connection;
        Secrets.Add(connection.Token);
        var identity = new ClientIdentity(
            connection.SessionId ?? Guid.NewGuid().ToString("D"),
            connection.UserId ?? _options.UserId,
            ClientIdentity.ClientTypeFor(connection.UserAgent ?? _options.Product));
        Session = new ServerSession(identity.SessionId);
        Requests = new SparkRequests(identity, Session);
        _channel = SparkChannel.Create(connection, _options);
        var stub = new SparkConnectService.SparkConnectServiceClient(_channel);
        _context = new CallContext(stub, Requests, Session, Headers(connection), _options, Secrets, Endpoint(connection));
        _retrier = new Retrier(_context);
    }

    /// <summary>The endpoint; its ToString masks the token.</summary>
    public SparkConnectionString Connection { get; }

    public string SessionId => Requests.Identity.SessionId;

    public SparkRequests Requests { get; }

    /// <summary>The server-side session this client is bound to.</summary>
    public ServerSession Session { get; }

    /// <summary>Values masked in every error message: the token, and whatever callers add (storage keys set as confs).</summary>
    public SecretRedactor Secrets { get; } = new();

    /// <summary>The schema of a relation, from AnalyzePlan (nothing is executed).</summary>
    public async Task<IReadOnlyList<SparkColumn>> SchemaAsync(Relation relation, CancellationToken cancellationToken)
    {
        var response = await AnalyzeAsync(() => Requests.Schema(SparkPlans.Query(relation)), cancellationToken);
        return SparkSchemas.Columns(response.Schema.Schema_);
    }

    public async Task<string> SparkVersionAsync(CancellationToken cancellationToken)
    {
        var response = await AnalyzeAsync(Requests.SparkVersion, cancellationToken);
        return response.SparkVersion.Version;
    }

    /// <summary>Sets session confs (Config Set).</summary>
    public Task SetConfAsync(IEnumerable<KeyValuePair<string, string>> pairs, CancellationToken cancellationToken) =>
        ConfigAsync(SparkRequests.SetOperation(pairs), cancellationToken);

    /// <summary>Reads session confs (Config GetOption); an unset key maps to null.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetConfAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var response = await ConfigAsync(SparkRequests.GetOptionOperation(keys), cancellationToken);
        return response.Pairs.ToDictionary(p => p.Key, p => p.HasValue ? p.Value : null, StringComparer.Ordinal);
    }

    /// <summary>Unsets session confs (Config Unset).</summary>
    public Task UnsetConfAsync(IEnumerable<string> keys, CancellationToken cancellationToken) =>
        ConfigAsync(SparkRequests.UnsetOperation(keys), cancellationToken);

    /// <summary>The rows of a relation, streamed batch by batch (ExecutePlan with a root relation).</summary>
    public async IAsyncEnumerable<SparkRow> QueryAsync(Relation relation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var response in ExecuteResponsesAsync(SparkPlans.Query(relation), cancellationToken))
        {
            await foreach (var row in RowsOf(response, cancellationToken))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Runs a command (SQL statement or write) to completion; returns the rows it reported, if any.
    /// A sql_command whose result is a relation to run rather than rows (a query, as Spark's planner
    /// answers for statements that are not commands) has that relation run, as PySpark's
    /// <c>spark.sql</c> does with the relation it gets back.
    /// </summary>
    public async Task<IReadOnlyList<SparkRow>> ExecuteAsync(Plan command, CancellationToken cancellationToken)
    {
        var rows = new List<SparkRow>();
        Relation? pending = null;
        await foreach (var response in ExecuteResponsesAsync(command, cancellationToken))
        {
            if (response.SqlCommandResult?.Relation is { } relation && relation.RelTypeCase != Relation.RelTypeOneofCase.LocalRelation)
            {
                pending = relation;
                continue;
            }

            await foreach (var row in RowsOf(response, cancellationToken))
            {
                rows.Add(row);
            }
        }

        if (pending is not null)
        {
            await foreach (var row in QueryAsync(pending, cancellationToken))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>Runs a SQL statement eagerly (sql_command).</summary>
    public Task<IReadOnlyList<SparkRow>> SqlAsync(string sql, CancellationToken cancellationToken) => ExecuteAsync(SparkPlans.SqlCommand(sql), cancellationToken);

    /// <summary>Closes the channel without telling the server (see <see cref="DisposeAsync"/>).</summary>
    public void Dispose()
    {
        _disposed = true;
        _channel.Dispose();
    }

    /// <summary>
    /// Releases the session on the server, as PySpark's session.stop() does (core.py release_session),
    /// then closes the channel. Best effort within the release timeout: a Spark 3.5 server has no
    /// ReleaseSession (UNIMPLEMENTED), and a server that never answered or lost the session has
    /// nothing to release.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        if (Session.Answered && !Session.IsClosed)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.ReleaseTimeout, _options.TimeProvider);
                await _retrier.RunAsync("ReleaseSession", ct => _context.Stub.ReleaseSessionAsync(Requests.ReleaseSession(), _context.CallOptions(ct)).ResponseAsync, timeout.Token, report: false);
            }
            catch (Exception error) when (error is SparkConnectException or OperationCanceledException or RpcException)
            {
            }
        }

        Dispose();
    }

    private async IAsyncEnumerable<ExecutePlanResponse> ExecuteResponsesAsync(Plan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken);
        await foreach (var response in new ReattachableExecution(_context, plan).ReadAllAsync(cancellationToken))
        {
            yield return response;
        }
    }

    private async Task<AnalyzePlanResponse> AnalyzeAsync(Func<AnalyzePlanRequest> request, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken);
        var response = await _retrier.RunAsync("AnalyzePlan", ct => _context.Stub.AnalyzePlanAsync(request(), _context.CallOptions(ct)).ResponseAsync, cancellationToken);
        Session.Observe(response.SessionId, response.ServerSideSessionId);
        return response;
    }

    private async Task<ConfigResponse> ConfigAsync(ConfigRequest.Types.Operation operation, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken);
        var response = await _retrier.RunAsync("Config", ct => _context.Stub.ConfigAsync(Requests.Config(operation), _context.CallOptions(ct)).ResponseAsync, cancellationToken);
        Session.Observe(response.SessionId, response.ServerSideSessionId);
        return response;
    }

    /// <summary>Runs <see cref="SparkConnectClientOptions.BeforeFirstCall"/> once, and refuses calls in a lost session.</summary>
    private Task ReadyAsync(CancellationToken cancellationToken)
    {
        Session.ThrowIfClosed();
        lock (_readyLock)
        {
            _ready ??= _options.BeforeFirstCall?.Invoke(cancellationToken) ?? Task.CompletedTask;
            return _ready;
        }
    }

    private static IAsyncEnumerable<SparkRow> RowsOf(ExecutePlanResponse response, CancellationToken cancellationToken) => response.ResponseTypeCase switch
    {
        ExecutePlanResponse.ResponseTypeOneofCase.ArrowBatch when response.ArrowBatch.Data.Length > 0 => ArrowResults.ReadRowsAsync(response.ArrowBatch.Data.Memory, cancellationToken),
        ExecutePlanResponse.ResponseTypeOneofCase.SqlCommandResult when response.SqlCommandResult.Relation?.LocalRelation is { HasData: true } local => ArrowResults.ReadRowsAsync(local.Data.Memory, cancellationToken),
        _ => AsyncEnumerable.Empty<SparkRow>(),
    };

    private static string Endpoint(SparkConnectionString connection) =>
        $"{(connection.Host.Contains(':', StringComparison.Ordinal) ? $"[{connection.Host}]" : connection.Host)}:{connection.Port}";

    private static Metadata Headers(SparkConnectionString connection)
    {
        var headers = new Metadata();
        if (connection.Token is not null)
        {
            headers.Add("authorization", "Bearer " + connection.Token);
        }

        foreach (var (key, value) in connection.Headers)
        {
            headers.Add(key, value);
        }

        return headers;
    }
}
