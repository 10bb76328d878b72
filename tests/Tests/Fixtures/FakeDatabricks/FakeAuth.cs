using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>
/// Who may call the fake workspace: personal access tokens, and OAuth M2M service principals
/// that exchange their id and secret at <c>/oidc/v1/token</c> for short-lived tokens. Any
/// token can be expired on demand, after which it gets 401.
/// </summary>
public sealed class FakeAuth
{
    public const string DefaultToken = "dapi-fake-workspace-token-0123456789";

    private readonly ConcurrentDictionary<string, byte> _valid = new() { [DefaultToken] = 0 };
    private readonly ConcurrentDictionary<string, byte> _expired = new();
    private readonly ConcurrentDictionary<string, string> _clients = new();
    private int _issued;

    /// <summary>expires_in of issued M2M tokens (default one hour).</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>M2M tokens issued so far.</summary>
    public int TokensIssued => _issued;

    public IReadOnlyCollection<string> Issued => _valid.Keys.Where(k => k.StartsWith("m2m-", StringComparison.Ordinal)).ToList();

    public void AddToken(string token) => _valid[token] = 0;

    public void AddServicePrincipal(string clientId, string secret) => _clients[clientId] = secret;

    /// <summary>From now on the token gets 401 "token expired".</summary>
    public void Expire(string token)
    {
        _valid.TryRemove(token, out _);
        _expired[token] = 0;
    }

    /// <summary>The token the workspace issued last (M2M).</summary>
    public string? LastIssued { get; private set; }

    internal FakeReply? Check(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return FakeReply.Error(401, "UNAUTHENTICATED", "No access token in the Authorization header.");
        }

        var token = authorization["Bearer ".Length..];
        if (_valid.ContainsKey(token))
        {
            return null;
        }

        return _expired.ContainsKey(token)
            ? FakeReply.Error(401, "UNAUTHENTICATED", "Token expired.")
            : FakeReply.Error(401, "UNAUTHENTICATED", "Invalid access token.");
    }

    internal FakeReply IssueToken(HttpContext context, RecordedRequest request)
    {
        var authorization = request.Authorization;
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return Oidc(401, "invalid_client", "Client authentication failed");
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..])).Split(':', 2);
        var id = Uri.UnescapeDataString(pair[0]);
        var secret = pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : string.Empty;
        var form = QueryHelpers(request.Text);
        if (!_clients.TryGetValue(id, out var expected) || expected != secret)
        {
            return Oidc(401, "invalid_client", "Client authentication failed");
        }

        if (form.GetValueOrDefault("grant_type") != "client_credentials" || form.GetValueOrDefault("scope") != "all-apis")
        {
            return Oidc(400, "invalid_request", "expected grant_type=client_credentials and scope=all-apis");
        }

        var n = Interlocked.Increment(ref _issued);
        var token = $"m2m-{n}-{Guid.NewGuid():N}";
        _valid[token] = 0;
        LastIssued = token;
        return FakeReply.Json(new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = TokenLifetimeSeconds, ["scope"] = "all-apis" });
    }

    private static FakeReply Oidc(int status, string error, string description) =>
        FakeReply.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, status);

    private static Dictionary<string, string> QueryHelpers(string form) =>
        form.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);
}
