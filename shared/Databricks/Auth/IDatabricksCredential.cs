namespace Handoff.Shared.Databricks.Auth;

/// <summary>A bearer token for the workspace, and when it stops being valid (null: unknown).</summary>
public readonly record struct DatabricksToken(string Value, DateTimeOffset? ExpiresOn)
{
    /// <summary>Never the token itself, so a token printed by mistake shows nothing.</summary>
    public override string ToString() => ExpiresOn is { } expires ? $"token (expires {expires:u})" : "token";
}

/// <summary>Where the workspace's bearer tokens come from.</summary>
public interface IDatabricksCredential
{
    /// <summary>Says what kind of credential this is and where it came from, for error messages; never the secret.</summary>
    string Description { get; }

    /// <summary>True when asking again can give a different token (after a 401, the client asks once more).</summary>
    bool CanRefresh { get; }

    /// <summary>A valid token; with <paramref name="forceRefresh"/>, a new one even when the cached one looks valid.</summary>
    ValueTask<DatabricksToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}
