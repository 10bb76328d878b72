using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Handoff.Shared.Databricks.Auth;
using Handoff.Shared.Databricks.Errors;
using Microsoft.Extensions.Logging;

namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// Sends requests to one workspace: adds the bearer token, logs (redacted), cuts an attempt on
/// which nothing moved for the network timeout (<see cref="InactivityTimeout"/>), retries what is
/// safe to retry, refreshes the token once after a 401, fails at once on a host that does not
/// resolve, and turns errors into <see cref="DatabricksRequestException"/>.
/// </summary>
internal sealed class DatabricksPipeline : IDisposable
{
    private static readonly string UserAgentSuffix = $"dotnet/{Environment.Version}";

    /// <summary>Upload reads of this size: on a slow link each one still counts as activity well within the timeout.</summary>
    private const int UploadChunkBytes = 64 * 1024;

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
            var timeout = new InactivityTimeout(_retry.NetworkTimeout, cancellationToken);
            var handedOver = false;
            HttpResponseMessage? response = null;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var message = await BuildAsync(request, forceRefresh, timeout);
                forceRefresh = false;
                LogRequest(request, attempt);
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                timeout.Tick();
                var expected = response.IsSuccessStatusCode || request.Expected?.Contains(response.StatusCode) == true;
                if (expected && request.StreamResponse)
                {
                    var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                    LogResponse(request, response, [], started, streamed: true);
                    var body = new TickingStream(stream, timeout, owned: new Owned(response, timeout));
                    var streamed = new DatabricksResponse(request.Operation, response.StatusCode, response.Headers, response.Content.Headers, [], body);
                    (response, handedOver) = (null, true);
                    return streamed;
                }

                var bytes = await ReadBodyAsync(response.Content, timeout);
                LogResponse(request, response, bytes, started, streamed: false);
                if (expected)
                {
                    return new DatabricksResponse(request.Operation, response.StatusCode, response.Headers, response.Content.Headers, bytes);
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
                throw ApiErrorParser.Parse(request, response.StatusCode, response.ReasonPhrase, bytes, credential);
            }
            catch (Exception error) when (TransportFailure.Of(error, cancellationToken) is { } failure)
            {
                if (failure.HostNotFound)
                {
                    // As in the SDK, a name that does not resolve is not retried (httpclient/errors.go lists
                    // the transient transport errors; "no such host" is not one): it is a typo, not an outage.
                    throw new DatabricksRequestException(
                        request.Operation, null, DatabricksRequestException.HostNotFound, string.Empty,
                        $"{request.Operation}: the workspace host {Host.Host} does not resolve ({failure.Describe(timeout)}); check that the host name is spelled right.",
                        inner: error);
                }

                var what = failure.Describe(timeout);
                if (!request.Idempotent)
                {
                    throw new DatabricksRequestException(
                        request.Operation, null, DatabricksRequestException.TransportError, string.Empty,
                        $"{request.Operation}: {what}. Not retried: the call is not idempotent and may have taken effect; check the workspace before trying again.",
                        inner: error);
                }

                if (!retry)
                {
                    throw new DatabricksRequestException(
                        request.Operation, null, DatabricksRequestException.TransportError, string.Empty,
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
                if (!handedOver)
                {
                    timeout.Dispose();
                }
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Reads a whole (small) body; each chunk that arrives counts as activity.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContent content, InactivityTimeout timeout)
    {
        await using var stream = await content.ReadAsStreamAsync(timeout.Token);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
        {
            timeout.Tick();
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task<HttpRequestMessage> BuildAsync(DatabricksRequest request, bool forceRefresh, InactivityTimeout timeout)
    {
        var cancellationToken = timeout.Token;
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
        else if (request.Upload is { } upload)
        {
            var progress = upload.Progress is { } sink ? (Action<long>)sink.Report : null;
            message.Content = new StreamContent(new TickingStream(upload.Open(), timeout, progress), UploadChunkBytes);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(upload.ContentType);
            message.Content.Headers.ContentLength = upload.Length;
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

    /// <summary>What a streamed response owns until its reader disposes it.</summary>
    private sealed class Owned(HttpResponseMessage response, InactivityTimeout timeout) : IDisposable
    {
        public void Dispose()
        {
            response.Dispose();
            timeout.Dispose();
        }
    }
}
