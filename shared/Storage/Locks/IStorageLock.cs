namespace Handoff.Shared.Storage;

/// <summary>
/// A lock object held by this process (see <see cref="IObjectStore.AcquireLockAsync"/>). It is
/// released on dispose, and by itself when the process dies: an OS file lock on a local disk, a
/// short Blob lease renewed in the background on Blob Storage.
/// </summary>
public interface IStorageLock : IAsyncDisposable
{
    /// <summary>
    /// When the lock object was left by a holder that died (killed, or cut off from storage), the
    /// holder it names (<see cref="LockHolder"/> of the dead run, or null if it named none); this
    /// lock took it over. Null for a fresh lock.
    /// </summary>
    StaleLock? TookOver { get; }

    /// <summary>Cancelled when the lock is lost: a lease that could not be renewed before it expired.</summary>
    CancellationToken Lost { get; }

    /// <summary>
    /// Confirms that the lock is still held, for at least one lease period from now: call it
    /// right before the step the lock protects (a commit). Throws <see cref="StorageException"/> if not.
    /// </summary>
    Task EnsureHeldAsync(CancellationToken cancellationToken);
}

/// <summary>A lock left by a holder that is gone; <paramref name="Holder"/> is null when the object named none we could read.</summary>
public sealed record StaleLock(LockHolder? Holder)
{
    public override string ToString() => Holder is null ? "a holder that left no name" : Holder.ToString();
}

/// <summary>Another live process holds the lock object; <see cref="Holder"/> names it when it could be read.</summary>
public sealed class ObjectLockedException(string location, LockHolder? holder)
    : Exception($"{location} is held by another live run{(holder is null ? string.Empty : $" ({holder})")}")
{
    public string Location => location;

    public LockHolder? Holder => holder;
}
