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

    public StorageException(StorageErrorKind kind, string message, StorageProblem problem)
        : base(message)
    {
        Kind = kind;
        Problem = problem;
    }

    public StorageErrorKind Kind { get; }

    /// <summary>The facts behind the message, for a program that says them with its own options; null when the message is all there is.</summary>
    public StorageProblem? Problem { get; }
}
