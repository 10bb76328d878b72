using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Errors;
using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>What every call of one client shares: the stub, the request builder, the server session, headers, options, and how failures are reported and translated.</summary>
internal sealed class CallContext(
    SparkConnectService.SparkConnectServiceClient stub,
    SparkRequests requests,
    ServerSession session,
    Metadata headers,
    SparkConnectClientOptions options,
    SecretRedactor redactor,
    string endpoint)
{
    public SparkConnectService.SparkConnectServiceClient Stub => stub;

    public SparkRequests Requests => requests;

    public ServerSession Session => session;

    public SparkConnectClientOptions Options => options;

    public SecretRedactor Redactor => redactor;

    public string Endpoint => endpoint;

    public TimeProvider Time => options.TimeProvider;

    public CallOptions CallOptions(CancellationToken cancellationToken) => new(headers, cancellationToken: cancellationToken);

    public RetrySchedule NewSchedule(RetryOptions? retry = null) => new(retry ?? options.Retry, options.TimeProvider);

    public void ReportRetry(string operation, RpcException error, RetrySchedule schedule, TimeSpan wait) =>
        options.OnRetry?.Invoke(new SparkRetry(endpoint, operation, error.StatusCode, schedule.Failures, wait, schedule.Elapsed, schedule.Budget, redactor.Redact(FirstLine(error.Status.Detail))));

    /// <summary>The error a failed call becomes: the session lost, or a Spark error with its details fetched when the server offers them.</summary>
    public async Task<SparkConnectException> TranslateAsync(RpcException error, string operation)
    {
        var info = SparkErrorInfo.Read(error);
        if (info?.ErrorClass == ServerSession.SessionChangedErrorClass)
        {
            return session.Lost(redactor.Redact(FirstLine(info.Message)));
        }

        var details = info?.ErrorId is { } errorId ? await FetchErrorDetailsAsync(errorId) : null;
        return SparkErrorDecoder.Decode(error, operation, redactor, details);
    }

    /// <summary>A retryable failure that outlasted the budget: its error, saying how long the client tried.</summary>
    public async Task<SparkConnectException> GiveUpAsync(RpcException error, string operation, RetrySchedule schedule)
    {
        var decoded = await TranslateAsync(error, operation);
        var tried = $"; gave up on {endpoint} after {schedule.Failures} attempt{(schedule.Failures == 1 ? string.Empty : "s")} over {SparkRetry.Seconds(schedule.Elapsed)} (retry budget {SparkRetry.Seconds(schedule.Budget)})";
        return new SparkConnectException(decoded.Message + tried, decoded.Status, decoded.ErrorClass, decoded.SqlState, decoded.ExceptionClasses) { Causes = decoded.Causes };
    }

    /// <summary>
    /// FetchErrorDetails for an error id, once and without retries; null when it fails, as PySpark's
    /// _fetch_enriched_error (core.py) falls back to the truncated message. A Spark 3.5 server never
    /// sends an error id (and has no such RPC).
    /// </summary>
    private async Task<FetchErrorDetailsResponse?> FetchErrorDetailsAsync(string errorId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.ReleaseTimeout);
            return await stub.FetchErrorDetailsAsync(requests.FetchErrorDetails(errorId), CallOptions(timeout.Token));
        }
        catch (RpcException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
