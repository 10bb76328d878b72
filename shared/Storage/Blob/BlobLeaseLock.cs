using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Handoff.Shared.Storage;

/// <summary>
/// A lock blob held with a short Blob lease (Lease Blob, duration 15-60 s or infinite: we take
/// the shortest) renewed in the background, so a run that dies or loses storage stops renewing
/// and its lock expires within one lease period. A run that finds the lease taken waits for it to
/// expire, up to one lease period and a little more, then gives up: a live holder keeps renewing.
/// When the blob names a holder on this same host whose process is gone, the lease is broken at
/// once instead of waited out. Losing the lease (renewals failing until it expired) cancels
/// <see cref="Lost"/>; <see cref="EnsureHeldAsync"/> renews right before a commit so that the
/// commit happens while the lease is surely held.
/// </summary>
internal sealed class BlobLeaseLock : IStorageLock
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly BlobClient _blob;
    private readonly BlobLeaseClient _lease;
    private readonly BlobErrors _errors;
    private readonly BlobStoreOptions _options;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private DateTimeOffset _heldUntil;

    private BlobLeaseLock(BlobClient blob, BlobLeaseClient lease, BlobErrors errors, BlobStoreOptions options, StaleLock? tookOver, DateTimeOffset heldUntil)
    {
        _blob = blob;
        _lease = lease;
        _errors = errors;
        _options = options;
        TookOver = tookOver;
        _heldUntil = heldUntil;
        _renewals = Task.Run(RenewUntilStoppedAsync, CancellationToken.None);
    }

    public StaleLock? TookOver { get; }

    public CancellationToken Lost => _lost.Token;

    public static async Task<BlobLeaseLock> AcquireAsync(BlobClient blob, BlobErrors errors, BlobStoreOptions options, LockHolder holder, CancellationToken cancellationToken)
    {
        var lease = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        var giveUpAt = DateTimeOffset.UtcNow + options.LockLeaseDuration + options.LockLeaseDuration / 3;
        try
        {
            while (true)
            {
                var created = await TryCreateAsync(blob, holder, cancellationToken);
                var left = created ? null : await ReadHolderAsync(blob, cancellationToken);
                try
                {
                    var acquiredAt = DateTimeOffset.UtcNow;
                    await lease.AcquireAsync(options.LockLeaseDuration, cancellationToken: cancellationToken);
                    await blob.UploadAsync(
                        BinaryData.FromBytes(holder.ToJson()),
                        new BlobUploadOptions { Conditions = new BlobRequestConditions { LeaseId = lease.LeaseId } },
                        cancellationToken);
                    return new BlobLeaseLock(blob, lease, errors, options, created ? null : new StaleLock(left), acquiredAt + options.LockLeaseDuration);
                }
                catch (RequestFailedException ex) when (ex.ErrorCode == "LeaseAlreadyPresent")
                {
                    if (left is not null && left.IsDeadOnThisHost())
                    {
                        // Its process is gone on this very host: no need to wait the lease out.
                        await lease.BreakAsync(TimeSpan.Zero, cancellationToken: cancellationToken);
                        continue;
                    }

                    if (DateTimeOffset.UtcNow >= giveUpAt)
                    {
                        throw new ObjectLockedException(errors.Describe(blob.Name), left);
                    }

                    await Task.Delay(PollInterval, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode is "BlobNotFound")
                {
                    // Released (deleted) between our create and our acquire: create it again.
                }
            }
        }
        catch (Exception ex) when (errors.Map(ex, blob.Name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task EnsureHeldAsync(CancellationToken cancellationToken)
    {
        if (_lost.IsCancellationRequested)
        {
            throw LostError();
        }

        try
        {
            var renewedAt = DateTimeOffset.UtcNow;
            await _lease.RenewAsync(cancellationToken: cancellationToken);
            _heldUntil = renewedAt + _options.LockLeaseDuration;
        }
        catch (RequestFailedException ex) when (IsLeaseGone(ex))
        {
            await _lost.CancelAsync();
            throw LostError();
        }
        catch (Exception ex) when (_errors.Map(ex, _blob.Name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        if (!_lost.IsCancellationRequested)
        {
            try
            {
                await _blob.DeleteAsync(conditions: new BlobRequestConditions { LeaseId = _lease.LeaseId }, cancellationToken: CancellationToken.None);
            }
            catch (Exception ex) when (ex is RequestFailedException or IOException or OperationCanceledException or AggregateException or HttpRequestException)
            {
                // Storage is gone or the lease too: the lease expires by itself within one period.
            }
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewUntilStoppedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.LockRenewInterval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await EnsureHeldAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // A failed renewal is retried at the next tick while the lease may still be ours;
                // once it has surely expired, another run may hold it: the lock is lost.
                if (_lost.IsCancellationRequested || DateTimeOffset.UtcNow >= _heldUntil)
                {
                    await _lost.CancelAsync();
                    return;
                }
            }
        }
    }

    private StorageException LostError() =>
        new(StorageErrorKind.Unreachable, $"lost the lock {_errors.Describe(_blob.Name)}: its lease could not be renewed before it expired, so another run may hold it now; nothing was committed");

    private static bool IsLeaseGone(RequestFailedException ex) =>
        ex.ErrorCode is "LeaseIdMismatchWithLeaseOperation" or "LeaseNotPresentWithLeaseOperation" or "LeaseLost" or "LeaseIsBrokenAndCannotBeRenewed" or "BlobNotFound";

    private static async Task<bool> TryCreateAsync(BlobClient blob, LockHolder holder, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(
                BinaryData.FromBytes(holder.ToJson()),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static async Task<LockHolder?> ReadHolderAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return LockHolder.Parse(content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
