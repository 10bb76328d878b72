namespace Handoff.Shared.Storage;

/// <summary>
/// A storage failure with a stable kind for callers to branch on. Messages are built from
/// redacted locations only: they never carry an account key or a SAS.
/// </summary>
public sealed class StorageException : Exception
{
    public StorageException(StorageErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public StorageErrorKind Kind { get; }
}
