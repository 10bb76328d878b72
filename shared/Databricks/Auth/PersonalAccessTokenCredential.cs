namespace Handoff.Shared.Databricks.Auth;

/// <summary>A personal access token (<c>dapi…</c>) or any other fixed bearer token.</summary>
public sealed class PersonalAccessTokenCredential : IDatabricksCredential
{
    private readonly string _token;

    public PersonalAccessTokenCredential(string token, string description = "personal access token")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token.Trim();
        Description = description;
    }

    public string Description { get; }

    public bool CanRefresh => false;

    public ValueTask<DatabricksToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new DatabricksToken(_token, null));
}
