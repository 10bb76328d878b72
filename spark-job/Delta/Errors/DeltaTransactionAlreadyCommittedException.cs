namespace Handoff.SparkJob.Delta.Errors;

/// <summary>
/// The table already records the application transaction (txn appId at this version or later):
/// the load already happened, so committing again would duplicate rows.
/// </summary>
public sealed class DeltaTransactionAlreadyCommittedException : DeltaException
{
    public DeltaTransactionAlreadyCommittedException(string appId, long requestedVersion, long committedVersion, long tableVersion)
        : base(
            DeltaErrorKind.TransactionAlreadyCommitted,
            $"already loaded: the table (at version {tableVersion}) records transaction '{appId}' at version {committedVersion}, so version {requestedVersion} is not committed again")
    {
        AppId = appId;
        RequestedVersion = requestedVersion;
        CommittedVersion = committedVersion;
        TableVersion = tableVersion;
    }

    public string AppId { get; }

    public long RequestedVersion { get; }

    public long CommittedVersion { get; }

    public long TableVersion { get; }
}
