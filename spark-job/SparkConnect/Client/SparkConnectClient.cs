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
/// on every call, retries of UNAVAILABLE, reattachable executions, and server errors as
/// <see cref="SparkConnectException"/>. Knows SQL and plans, nothing of Delta.
/// </summary>
public sealed class SparkConnectClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly SparkConnectService.SparkConnectServiceClient _stub;
    private readonly SparkConnectClientOptions _options;
    private readonly Metadata _headers;
    private readonly Retrier _retrier;

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
        Requests = new SparkRequests(identity);
        _headers = Headers(connection);
        _channel = SparkChannel.Create(connection, _options);
        _stub = new SparkConnectService.SparkConnectServiceClient(_channel);
        _retrier = new Retrier(_options.Retry, Secrets);
    }

    /// <summary>The endpoint; its ToString masks the token.</summary>
    public SparkConnectionString Connection { get; }

    public string SessionId => Requests.Identity.SessionId;

    public SparkRequests Requests { get; }

    /// <summary>Values masked in every error message: the token, and whatever callers add (storage keys set as confs).</summary>
    public SecretRedactor Secrets { get; } = new();

    /// <summary>The schema of a relation, from AnalyzePlan (nothing is executed).</summary>
    public async Task<IReadOnlyList<SparkColumn>> SchemaAsync(Relation relation, CancellationToken cancellationToken)
    {
        var response = await _retrier.RunAsync("AnalyzePlan", ct => _stub.AnalyzePlanAsync(Requests.Schema(SparkPlans.Query(relation)), Options(ct)).ResponseAsync, cancellationToken);
        return SparkSchemas.Columns(response.Schema.Schema_);
    }

    public async Task<string> SparkVersionAsync(CancellationToken cancellationToken)
    {
        var response = await _retrier.RunAsync("AnalyzePlan", ct => _stub.AnalyzePlanAsync(Requests.SparkVersion(), Options(ct)).ResponseAsync, cancellationToken);
        return response.SparkVersion.Version;
    }

    /// <summary>Sets session confs (Config Set).</summary>
    public async Task SetConfAsync(IEnumerable<KeyValuePair<string, string>> pairs, CancellationToken cancellationToken)
    {
        var operation = SparkRequests.SetOperation(pairs);
        await _retrier.RunAsync("Config", ct => _stub.ConfigAsync(Requests.Config(operation), Options(ct)).ResponseAsync, cancellationToken);
    }

    /// <summary>Reads session confs (Config GetOption); an unset key maps to null.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetConfAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var operation = SparkRequests.GetOptionOperation(keys);
        var response = await _retrier.RunAsync("Config", ct => _stub.ConfigAsync(Requests.Config(operation), Options(ct)).ResponseAsync, cancellationToken);
        return response.Pairs.ToDictionary(p => p.Key, p => p.HasValue ? p.Value : null, StringComparer.Ordinal);
    }

    /// <summary>Unsets session confs (Config Unset).</summary>
    public async Task UnsetConfAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var operation = SparkRequests.UnsetOperation(keys);
        await _retrier.RunAsync("Config", ct => _stub.ConfigAsync(Requests.Config(operation), Options(ct)).ResponseAsync, cancellationToken);
    }

    /// <summary>The rows of a relation, streamed batch by batch (ExecutePlan with a root relation).</summary>
    public async IAsyncEnumerable<SparkRow> QueryAsync(Relation relation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var response in Execute(SparkPlans.Query(relation)).ReadAllAsync(cancellationToken))
        {
            await foreach (var row in RowsOf(response, cancellationToken))
            {
                yield return row;
            }
        }
    }

    /// <summary>Runs a command (SQL statement or write) to completion; returns the rows it reported, if any.</summary>
    public async Task<IReadOnlyList<SparkRow>> ExecuteAsync(Plan command, CancellationToken cancellationToken)
    {
        var rows = new List<SparkRow>();
        await foreach (var response in Execute(command).ReadAllAsync(cancellationToken))
        {
            await foreach (var row in RowsOf(response, cancellationToken))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>Runs a SQL statement eagerly (sql_command).</summary>
    public Task<IReadOnlyList<SparkRow>> SqlAsync(string sql, CancellationToken cancellationToken) => ExecuteAsync(SparkPlans.SqlCommand(sql), cancellationToken);

    public void Dispose() => _channel.Dispose();

    private ReattachableExecution Execute(Plan plan) => new(_stub, Requests, plan, Options, _options, Secrets);

    private static IAsyncEnumerable<SparkRow> RowsOf(ExecutePlanResponse response, CancellationToken cancellationToken) => response.ResponseTypeCase switch
    {
        ExecutePlanResponse.ResponseTypeOneofCase.ArrowBatch when response.ArrowBatch.Data.Length > 0 => ArrowResults.ReadRowsAsync(response.ArrowBatch.Data.Memory, cancellationToken),
        ExecutePlanResponse.ResponseTypeOneofCase.SqlCommandResult when response.SqlCommandResult.Relation?.LocalRelation is { HasData: true } local => ArrowResults.ReadRowsAsync(local.Data.Memory, cancellationToken),
        _ => AsyncEnumerable.Empty<SparkRow>(),
    };

    private CallOptions Options(CancellationToken cancellationToken) => new(_headers, cancellationToken: cancellationToken);

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
