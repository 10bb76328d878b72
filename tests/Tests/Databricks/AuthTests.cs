using Azure.Core;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Auth;
using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Databricks.Jobs;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>Personal access tokens, OAuth M2M (cached, refreshed before expiry and after a 401), Entra ID, and a clear 401.</summary>
public sealed class AuthTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new();
    private FakeWorkspace _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeWorkspace.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_personal_access_token_is_sent_as_a_bearer_token()
    {
        using var client = ClientFactory.For(_fake, _clock);

        await client.Jobs.CreateAsync(new JobSettings { Name = "x" }, CancellationToken.None);

        Assert.Equal($"Bearer {_fake.Token}", _fake.RequestsTo("POST /api/2.2/jobs/create").Single().Authorization);
    }

    [Fact]
    public async Task An_expired_token_gives_a_clear_401_that_names_where_the_token_came_from_and_not_the_token()
    {
        using var client = ClientFactory.For(_fake, _clock);
        _fake.Auth.Expire(_fake.Token);

        var error = await Assert.ThrowsAsync<DatabricksRequestException>(() => client.Jobs.GetAsync(1, CancellationToken.None));

        Assert.Equal(401, error.Status);
        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("Token expired.", error.Message, StringComparison.Ordinal);
        Assert.Contains("personal access token from DATABRICKS_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("expired, revoked or wrong", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Token, error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task M2M_fetches_a_token_once_and_reuses_it()
    {
        using var client = M2MClient();

        await client.Jobs.CreateAsync(new JobSettings { Name = "a" }, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await client.Jobs.CreateAsync(new JobSettings { Name = "b" }, CancellationToken.None);

        Assert.Equal(1, _fake.Auth.TokensIssued);
        var token = _fake.RequestsTo("POST /oidc/v1/token").Single();
        Assert.Equal("grant_type=client_credentials&scope=all-apis", token.Text);
        Assert.StartsWith("Basic ", token.Authorization, StringComparison.Ordinal);
        Assert.All(_fake.RequestsTo("POST /api/2.2/jobs/create"), r => Assert.Equal($"Bearer {_fake.Auth.LastIssued}", r.Authorization));
    }

    [Fact]
    public async Task M2M_refreshes_the_token_before_it_expires()
    {
        using var client = M2MClient();
        await client.Jobs.CreateAsync(new JobSettings { Name = "a" }, CancellationToken.None);
        var first = _fake.Auth.LastIssued;

        _clock.Advance(TimeSpan.FromMinutes(56));
        await client.Jobs.CreateAsync(new JobSettings { Name = "b" }, CancellationToken.None);

        Assert.Equal(2, _fake.Auth.TokensIssued);
        Assert.NotEqual(first, _fake.Auth.LastIssued);
        Assert.Equal($"Bearer {_fake.Auth.LastIssued}", _fake.RequestsTo("POST /api/2.2/jobs/create")[1].Authorization);
    }

    [Fact]
    public async Task M2M_gets_a_new_token_once_when_the_workspace_says_401()
    {
        using var client = M2MClient();
        await client.Jobs.CreateAsync(new JobSettings { Name = "a" }, CancellationToken.None);
        _fake.Auth.Expire(_fake.Auth.LastIssued!);

        await client.Jobs.CreateAsync(new JobSettings { Name = "b" }, CancellationToken.None);

        Assert.Equal(2, _fake.Auth.TokensIssued);
        Assert.Equal(2, _fake.Jobs.All.Count);
    }

    [Fact]
    public async Task M2M_with_a_wrong_secret_says_which_client_id_was_refused()
    {
        _fake.Auth.AddServicePrincipal("sp-1", "right");
        using var credential = new OAuthM2MCredential(_fake.Host, "sp-1", "wrong", _clock);
        using var client = new DatabricksClient(_fake.Host, credential, ClientFactory.Options(_clock));

        var error = await Assert.ThrowsAsync<DatabricksRequestException>(() => client.Jobs.GetAsync(1, CancellationToken.None));

        Assert.Contains("refused client id sp-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_id_asks_for_the_azure_databricks_scope_and_sends_the_token()
    {
        var azure = new StaticTokenCredential("entra-token", _clock.GetUtcNow().AddHours(1));
        _fake.Auth.AddToken("entra-token");
        using var client = new DatabricksClient(_fake.Host, new EntraIdCredential(azure, _clock), ClientFactory.Options(_clock));

        await client.Jobs.CreateAsync(new JobSettings { Name = "a" }, CancellationToken.None);
        await client.Jobs.CreateAsync(new JobSettings { Name = "b" }, CancellationToken.None);

        Assert.Equal(["2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default"], azure.Scopes.Distinct());
        Assert.Equal(1, azure.Calls);
        Assert.All(_fake.Requests, r => Assert.Equal("Bearer entra-token", r.Authorization));
    }

    private DatabricksClient M2MClient()
    {
        _fake.Auth.AddServicePrincipal("sp-1", "s3cret");
        return new DatabricksClient(_fake.Host, new OAuthM2MCredential(_fake.Host, "sp-1", "s3cret", _clock), ClientFactory.Options(_clock));
    }

    private sealed class StaticTokenCredential(string token, DateTimeOffset expires) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public int Calls { get; private set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Calls++;
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, expires);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
