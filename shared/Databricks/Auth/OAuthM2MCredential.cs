using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;
using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Databricks.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Shared.Databricks.Auth;

/// <summary>
/// OAuth machine-to-machine: a service principal's client id and secret are exchanged at the
/// workspace's <c>/oidc/v1/token</c> for a short-lived token (scope <c>all-apis</c>), which is
/// cached and fetched again a few minutes before it expires.
/// </summary>
public sealed class OAuthM2MCredential : IDatabricksCredential, IDisposable
{
    public const string TokenPath = "/oidc/v1/token";

    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly DatabricksPipeline _pipeline;
    private readonly TokenCache _cache;
    private readonly TimeProvider _time;

    public OAuthM2MCredential(Uri host, string clientId, string clientSecret, TimeProvider? time = null, HttpMessageHandler? transport = null, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientSecret);
        _clientId = clientId;
        _clientSecret = clientSecret;
        _time = time ?? TimeProvider.System;
        _pipeline = new DatabricksPipeline(host, credential: null, new DatabricksRetryOptions { MaxRetries = 3 }, NullLogger.Instance, _time, transport, "handoff-exporter");
        _cache = new TokenCache(FetchAsync, _time);
        Description = description ?? $"OAuth M2M credential for client id {clientId}";
    }

    public string Description { get; }

    public bool CanRefresh => true;

    /// <summary>Tokens fetched so far (tests and debug output use it to see refreshes).</summary>
    public int TokensFetched { get; private set; }

    public ValueTask<DatabricksToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        _cache.GetAsync(forceRefresh, cancellationToken);

    public void Dispose() => _pipeline.Dispose();

    private async Task<DatabricksToken> FetchAsync(CancellationToken cancellationToken)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(_clientId)}:{Uri.EscapeDataString(_clientSecret)}"));
        var request = new DatabricksRequest(HttpMethod.Post, TokenPath, "oidc/v1/token")
        {
            Authenticated = false,
            Idempotent = true,
            LogResponseBody = false,
            Headers = new Dictionary<string, string> { ["Authorization"] = "Basic " + basic },
            Content = () => new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "all-apis")]),
            ContentDescription = "<grant_type=client_credentials&scope=all-apis>",
        };
        DatabricksResponse response;
        try
        {
            response = await _pipeline.SendAsync(request, cancellationToken);
        }
        catch (DatabricksRequestException error) when (error.Status is 400 or 401)
        {
            throw new DatabricksRequestException(
                error.Operation, error.Status, error.ErrorCode, error.ApiMessage,
                $"OAuth M2M: the workspace refused client id {_clientId} ({error.Status} {error.ErrorCode}: {error.ApiMessage}). Check DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (or the profile's client_id and client_secret).",
                error.Details, error);
        }

        using (response)
        {
            var token = response.ReadJson<TokenResponse>();
            if (string.IsNullOrEmpty(token.AccessToken))
            {
                throw new DatabricksRequestException("oidc/v1/token", (int)response.Status, "MALFORMED_RESPONSE", string.Empty, "OAuth M2M: the token response has no access_token");
            }

            TokensFetched++;
            var expires = token.ExpiresIn is > 0 ? _time.GetUtcNow() + TimeSpan.FromSeconds(token.ExpiresIn.Value) : (DateTimeOffset?)null;
            return new DatabricksToken(token.AccessToken, expires);
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("token_type")] string? TokenType,
        [property: JsonPropertyName("expires_in")] long? ExpiresIn);
}
