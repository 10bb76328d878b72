namespace Handoff.Shared.Databricks.Auth;

/// <summary>
/// Holds one token and fetches a new one before the old one expires: when less than
/// <see cref="RefreshMargin"/> (or a tenth of its lifetime, if shorter) is left. One fetch at a
/// time, so concurrent callers share a refresh.
/// </summary>
internal sealed class TokenCache(Func<CancellationToken, Task<DatabricksToken>> fetch, TimeProvider time)
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private DatabricksToken? _token;
    private DateTimeOffset _refreshAt;

    public async ValueTask<DatabricksToken> GetAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (!forceRefresh && _token is { } cached && time.GetUtcNow() < _refreshAt)
        {
            return cached;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!forceRefresh && _token is { } again && time.GetUtcNow() < _refreshAt)
            {
                return again;
            }

            var now = time.GetUtcNow();
            var token = await fetch(cancellationToken);
            _token = token;
            _refreshAt = token.ExpiresOn is { } expires
                ? expires - TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, Math.Max(0, (expires - now).Ticks / 10)))
                : DateTimeOffset.MaxValue;
            return token;
        }
        finally
        {
            _lock.Release();
        }
    }
}
