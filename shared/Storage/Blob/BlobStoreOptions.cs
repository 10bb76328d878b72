namespace Handoff.Shared.Storage;

/// <summary>
/// Tuning for Blob stores: block staging and the retry policy. The retry defaults fail an
/// unreachable endpoint within seconds instead of the SDK's minutes, while still riding out a
/// brief network blip.
/// </summary>
public sealed record BlobStoreOptions
{
    public static BlobStoreOptions Default { get; } = new();

    /// <summary>Size of each staged block; memory use of an upload is about (MaxParallelBlocks + 1) × BlockSize.</summary>
    public int BlockSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Blocks staged at the same time by one upload.</summary>
    public int MaxParallelBlocks { get; init; } = 4;

    /// <summary>Retries after the first try of each request.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First retry delay; later ones grow exponentially up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Timeout of one try of one request (connect, send, first byte of the response).</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to poll a server-side copy the service runs asynchronously.</summary>
    public TimeSpan CopyPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Read-ahead buffer of streams from <see cref="IObjectStore.OpenReadAsync"/>.</summary>
    public int ReadBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// The lease a lock blob is held with (Blob Storage accepts 15 to 60 seconds): a run that dies
    /// releases its lock at most this long after its last renewal.
    /// </summary>
    public TimeSpan LockLeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a held lease is renewed: a third of the lease, so two renewals can fail in a row.</summary>
    public TimeSpan LockRenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 1, nameof(BlockSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelBlocks, 1, nameof(MaxParallelBlocks));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadBufferSize, 1, nameof(ReadBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(LockLeaseDuration, TimeSpan.FromSeconds(15), nameof(LockLeaseDuration));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LockLeaseDuration, TimeSpan.FromSeconds(60), nameof(LockLeaseDuration));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(LockRenewInterval, LockLeaseDuration, nameof(LockRenewInterval));
    }
}
