namespace Handoff.Shared.Storage;

/// <summary>
/// A lock file held open with the operating system's exclusive lock for as long as the process
/// lives: .NET opens a file with <see cref="FileShare.None"/> under flock(LOCK_EX | LOCK_NB) on
/// Unix (LockFileEx-style sharing on Windows), and the kernel drops that lock when the process
/// exits, however it exits. A lock file that opens with content in it was therefore left by a run
/// that died, and is taken over at once. The file names its holder for people; it is deleted on
/// release, before the handle is closed.
/// </summary>
internal sealed class LocalFileLock : IStorageLock
{
    // EWOULDBLOCK (EAGAIN) from flock, as .NET reports it on Linux; ERROR_SHARING_VIOLATION on Windows.
    private const int WouldBlock = 11;
    private const int SharingViolation = unchecked((int)0x80070020);
    private const int Attempts = 5;

    private readonly string _fullPath;
    private readonly FileStream _file;

    private LocalFileLock(string fullPath, FileStream file, StaleLock? tookOver)
    {
        _fullPath = fullPath;
        _file = file;
        TookOver = tookOver;
    }

    public StaleLock? TookOver { get; }

    public CancellationToken Lost => CancellationToken.None;

    public static async Task<LocalFileLock> AcquireAsync(string fullPath, LockHolder holder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileStream file;
            try
            {
                file = new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException ex) when (ex.HResult is WouldBlock or SharingViolation)
            {
                throw new ObjectLockedException(fullPath, holder: null);
            }

            // A releasing holder deletes the file while it still holds the lock: a lock taken on a
            // file no longer at the path guards nothing. Open the path again.
            if (!SameFile(file, fullPath))
            {
                await file.DisposeAsync();
                if (attempt >= Attempts)
                {
                    throw new IOException($"the lock file '{fullPath}' kept being replaced while it was being locked");
                }

                continue;
            }

            try
            {
                StaleLock? stale = null;
                if (file.Length > 0)
                {
                    var left = new byte[Math.Min(file.Length, 64 * 1024)];
                    await file.ReadExactlyAsync(left, cancellationToken);
                    stale = new StaleLock(LockHolder.Parse(left));
                }

                file.SetLength(0);
                file.Position = 0;
                await file.WriteAsync(holder.ToJson(), cancellationToken);
                await file.FlushAsync(cancellationToken);
                return new LocalFileLock(fullPath, file, stale);
            }
            catch
            {
                await file.DisposeAsync();
                throw;
            }
        }
    }

    public Task EnsureHeldAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(_fullPath);
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            // The file stays, unlocked once the handle closes: the next run takes it over.
        }

        await _file.DisposeAsync();
    }

    private static bool SameFile(FileStream file, string fullPath) =>
        FileIdentity.Of(file.SafeFileHandle) is not { } held
            ? File.Exists(fullPath) // identities unavailable (not Linux): trust the open
            : FileIdentity.Of(fullPath) is { } named && held.IsSameFileAs(named);
}
