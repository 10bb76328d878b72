using System.Text.Json;
using Handoff.Shared.Databricks.Http;

namespace Handoff.Shared.Databricks.Sql;

/// <summary>
/// The SQL Statement Execution API 2.0 on a SQL warehouse, as databricks-sdk-go v0.175.0
/// (commit 1ff3c785) service/sql/impl.go calls it: <c>POST /api/2.0/sql/statements</c>,
/// <c>GET /api/2.0/sql/statements/{statement_id}</c> and
/// <c>POST /api/2.0/sql/statements/{statement_id}/cancel</c>. A statement that fails arrives as
/// HTTP 200 with state FAILED, not as an HTTP error. <see cref="ExecuteAndWaitAsync"/> waits for
/// the end as the SDK's ExecuteAndWait does.
/// </summary>
public sealed class StatementExecutionClient
{
    private const string Base = "/api/2.0/sql/statements";
    private readonly DatabricksPipeline _pipeline;

    internal StatementExecutionClient(DatabricksPipeline pipeline) => _pipeline = pipeline;

    /// <param name="retrySafe">
    /// True when running the statement twice does no harm (a read, CREATE ... IF NOT EXISTS):
    /// only then is a request whose outcome is unknown (503, a reset connection) sent again.
    /// </param>
    public async Task<StatementResponse> ExecuteAsync(ExecuteStatementRequest request, bool retrySafe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Post, Base, "sql/statements")
            {
                JsonBody = JsonSerializer.SerializeToNode(request, DatabricksJson.Options),
                Idempotent = retrySafe,
            },
            cancellationToken);
        return response.ReadJson<StatementResponse>();
    }

    public async Task<StatementResponse> GetAsync(string statementId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(statementId);
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Get, $"{Base}/{Uri.EscapeDataString(statementId)}", "sql/statements/get") { Idempotent = true },
            cancellationToken);
        return response.ReadJson<StatementResponse>();
    }

    /// <summary>Asks the warehouse to stop the statement; cancelling one that already ended is harmless, so it is retried.</summary>
    public async Task CancelAsync(string statementId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(statementId);
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Post, $"{Base}/{Uri.EscapeDataString(statementId)}/cancel", "sql/statements/cancel") { Idempotent = true },
            cancellationToken);
    }

    /// <summary>
    /// Runs a statement to its end: the call itself waits up to the request's wait_timeout, then
    /// the statement is polled (GET) with the SDK's backoff until it is final
    /// (<see cref="StatementStates.IsFinal"/>) or <see cref="StatementWaitOptions.Timeout"/> (the
    /// SDK's 20 minutes) runs out. A statement still running when the caller cancels or the wait
    /// runs out is cancelled on the warehouse. Anything but SUCCEEDED throws
    /// <see cref="StatementFailedException"/>.
    /// </summary>
    public async Task<StatementResponse> ExecuteAndWaitAsync(ExecuteStatementRequest request, bool retrySafe, StatementWaitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        var response = await ExecuteAsync(request, retrySafe, cancellationToken);
        var id = response.StatementId;
        string? reported = null;
        for (var poll = 1; ; poll++)
        {
            var state = response.Status?.State;
            if (state != reported)
            {
                options.OnProgress?.Invoke(new StatementProgress(id, state, time.GetElapsedTime(started)));
                reported = state;
            }

            if (StatementStates.IsFinal(state))
            {
                return state == StatementStates.Succeeded ? response : throw Failed(response, request);
            }

            if (id is null)
            {
                throw new StatementFailedException(null, state ?? "UNKNOWN", null, null, $"the warehouse answered state {state ?? "(none)"} without a statement id to poll");
            }

            if (time.GetElapsedTime(started) >= options.Timeout)
            {
                await CancelQuietlyAsync(id);
                throw new StatementFailedException(id, StatementFailedException.TimedOut, null, null,
                    $"statement {id} was still {state} after {Progress.Units.Duration(time.GetElapsedTime(started))}; it was cancelled on the warehouse");
            }

            try
            {
                await Task.Delay(options.PollInterval(poll), time, cancellationToken);
                response = await GetAsync(id, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await CancelQuietlyAsync(id);
                throw;
            }
        }
    }

    private async Task CancelQuietlyAsync(string statementId)
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await CancelAsync(statementId, limit.Token);
        }
        catch (Exception error) when (error is Errors.DatabricksException or OperationCanceledException)
        {
            // The statement may have ended already; the caller's own error is the one to report.
        }
    }

    private static StatementFailedException Failed(StatementResponse response, ExecuteStatementRequest request)
    {
        var status = response.Status!;
        var why = status.Error is { } error ? $": {error.ErrorCode} {error.Message}".TrimEnd() : string.Empty;
        var sqlState = status.SqlState is { Length: > 0 } code ? $" (SQLSTATE {code})" : string.Empty;
        return new StatementFailedException(response.StatementId, status.State!, status.Error, status.SqlState,
            $"statement {response.StatementId} on warehouse {request.WarehouseId} ended {status.State}{why}{sqlState}");
    }
}
