namespace Handoff.Shared.Storage;

/// <summary>Turns file-system exceptions into <see cref="StorageException"/>s that name the file.</summary>
internal static class LocalErrors
{
    public static bool IsFileSystemError(Exception ex) => ex is IOException or UnauthorizedAccessException;

    public static StorageException Wrap(Exception ex, string action, string fullPath) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException =>
            new StorageException(StorageErrorKind.NotFound, $"cannot {action} '{fullPath}': it does not exist", ex),
        UnauthorizedAccessException =>
            new StorageException(StorageErrorKind.AuthenticationFailed, $"cannot {action} '{fullPath}': access denied", ex),
        _ => new StorageException(StorageErrorKind.Other, $"cannot {action} '{fullPath}': {ex.Message}", ex),
    };

    public static StorageException NotFound(string fullPath) =>
        new(StorageErrorKind.NotFound, $"'{fullPath}' does not exist");
}
