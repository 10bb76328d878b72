using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Handoff.Shared.Databricks.Auth;
using Handoff.Shared.Databricks.Errors;
using Microsoft.Extensions.Logging;

namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// Sends requests to one workspace: adds the bearer token, logs (redacted), applies the
/// per-attempt timeout, retries what is safe to retry, refreshes the token once after a 401,
/// and turns errors into <see cref="DatabricksRequestException"/>.
/// </summary>
internal sealed class DatabricksPipeline : IDisposable
{
    private static readonly string UserAgentSuffix = $"dotnet/{Environment.Version}";

    private readonly HttpClient _http;
    private readonly IDatabricksCredential? _credential;
    private readonly DatabricksRetryOptions _retry;
    private readonly RetryPolicy _policy;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _userAgent;

    public DatabricksPipeline(Uri host, IDatabricksCredential? credential, DatabricksRetryOptions retry, ILogger logger, TimeProvider time, HttpMessageHandler? transport, string product)
    {
        Host = host;
        _credential = credential;
        _retry = retry;
        _policy = new RetryPolicy(retry, Random.Shared);
        _logger = logger;
        _time = time;
        _http = new HttpClient(transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: transport is null)
        {
            BaseAddress = host,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _userAgent = $"{product} {UserAgentSuffix}";
    }

    public Uri Host { get; }

    public async Task<DatabricksResponse> SendAsync(DatabricksRequest request, CancellationToken cancellationToken)
    {
        var refreshedAfter401 = false;
        var forceRefresh = false;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var retry = attempt - 1 < _policy.MaxRetries;
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(_retry.NetworkTimeout);
            HttpResponseMessage? response = null;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var message = await BuildAsync(request, forceRefresh, attemptTimeout.Token);
                forceRefresh = false;
                LogRequest(request, attempt);
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token);
                var expected = response.IsSuccessStatusCode || request.Expected?.Contains(response.StatusCode) == true;
                if (expected && request.StreamResponse)
                {
                    var stream = await response.Content.ReadAsStreamAsync(attemptTimeout.Token);
                    LogResponse(request, response, [], started, streamed: true);
                    var streamed = new DatabricksResponse(request.Operation, response.StatusCode, response.Headers, response.Content.Headers, [], new ResponseStream(stream, response));
                    response = null;
                    return streamed;
                }

                var body = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token);
                LogResponse(request, response, body, started, streamed: false);
                if (expected)
                {
                    return new DatabricksResponse(request.Operation, response.StatusCode, response.Headers, response.Content.Headers, body);
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshedAfter401 && _credential is { CanRefresh: true } && request.Authenticated)
                {
                    refreshedAfter401 = true;
                    forceRefresh = true;
                    _logger.LogInformation("{Operation}: 401 from the workspace; fetching a new token and trying once more", request.Operation);
                    attempt--;
                    continue;
                }

                if (retry && RetryPolicy.IsRetryableStatus(response.StatusCode, request.Idempotent))
                {
                    var delay = _policy.DelayFor(attempt, RetryAfter.Parse(response.Headers, _time.GetUtcNow()));
                    _logger.LogInformation(
                        "{Operation}: {Status} {Reason}; retry {Retry} of {Max} in {Delay:0.###} s",
                        request.Operation, (int)response.StatusCode, response.ReasonPhrase, attempt, _policy.MaxRetries, delay.TotalSeconds);
                    await Task.Delay(delay, _time, cancellationToken);
                    continue;
                }

                var credential = _credential?.Description ?? "credential";
                throw ApiErrorParser.Parse(request.Operation, response.StatusCode, body, credential);
            }
            catch (Exception error) when (IsTransportFailure(error, cancellationToken))
            {
                var what = error is OperationCanceledException
                    ? $"no answer within {_retry.NetworkTimeout.TotalSeconds:0.###} s"
                    : $"{error.GetType().Name}: {Innermost(error).Message}";
                if (!request.Idempotent)
                {
                    throw new DatabricksRequestException(
                        request.Operation, null, "TRANSPORT_ERROR", string.Empty,
                        $"{request.Operation}: {what}. Not retried: the call is not idempotent and may have taken effect; check the workspace before trying again.",
                        inner: error);
                }

                if (!retry)
                {
                    throw new DatabricksRequestException(
                        request.Operation, null, "TRANSPORT_ERROR", string.Empty,
                        $"{request.Operation}: {what}, after {attempt} attempts against {Host.GetLeftPart(UriPartial.Authority)}.",
                        inner: error);
                }

                var delay = _policy.DelayFor(attempt, null);
                _logger.LogInformation("{Operation}: {What}; retry {Retry} of {Max} in {Delay:0.###} s", request.Operation, what, attempt, _policy.MaxRetries, delay.TotalSeconds);
                await Task.Delay(delay, _time, cancellationToken);
            }
            finally
            {
                response?.Dispose();
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool IsTransportFailure(Exception error, CancellationToken cancellationToken) => error switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or IOException => true,
        _ => false,
    };

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }

    private async Task<HttpRequestMessage> BuildAsync(DatabricksRequest request, bool forceRefresh, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(request.Method, request.PathAndQuery);
        message.Headers.UserAgent.ParseAdd(_userAgent);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (request.Authenticated && _credential is not null)
        {
            var token = await _credential.GetTokenAsync(forceRefresh, cancellationToken);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        }

        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ArgumentException($"header {name} cannot be set on a request", nameof(request));
            }
        }

        if (request.JsonBody is { } json)
        {
            message.Content = new StringContent(json.ToJsonString(DatabricksJson.Options), Encoding.UTF8, "application/json");
        }
        else if (request.Content is { } content)
        {
            message.Content = content();
        }

        return message;
    }

    private void LogRequest(DatabricksRequest request, int attempt)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var body = request.JsonBody is { } json ? " " + Redaction.Json(json) : request.ContentDescription is { } described ? " " + described : string.Empty;
        _logger.LogDebug("> {Method} {Path}{Attempt}{Body}", request.Method, request.PathAndQuery, attempt > 1 ? $" (attempt {attempt})" : string.Empty, body);
    }

    private void LogResponse(DatabricksRequest request, HttpResponseMessage response, byte[] body, long started, bool streamed)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var text = streamed ? " <streamed>" : request.LogResponseBody ? " " + Redaction.Body(body, response.Content.Headers.ContentType?.MediaType) : $" <{body.Length} bytes, not logged>";
        _logger.LogDebug("< {Status} {Method} {Path} ({Elapsed:0} ms){Body}", (int)response.StatusCode, request.Method, request.PathAndQuery, elapsed, text);
    }

    /// <summary>A response body that also disposes its response.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
