namespace Handoff.SparkJob.Delta.Errors;

/// <summary>A stable code for callers (and exit codes) to branch on, whatever the exception type.</summary>
public enum DeltaErrorKind
{
    /// <summary>The folder has no Delta log: no <c>_delta_log/</c> commits or checkpoints.</summary>
    NotADeltaTable,

    /// <summary>The requested version does not exist, or can no longer be reconstructed.</summary>
    VersionNotFound,

    /// <summary>The log breaks the protocol: a version gap, no protocol or metaData, unreadable JSON or schema.</summary>
    CorruptLog,

    /// <summary>The table needs a table feature this reader or writer does not implement.</summary>
    UnsupportedFeature,

    /// <summary>The table needs a newer reader or writer protocol version than this code implements.</summary>
    UnsupportedProtocol,

    /// <summary>A data file, checkpoint or sidecar the log refers to is missing or unreadable.</summary>
    UnreadableFile,

    /// <summary>The data being written does not match the table's schema.</summary>
    SchemaMismatch,

    /// <summary>Another writer changed the table in a way this transaction cannot be rebased over.</summary>
    ConcurrentModification,

    /// <summary>The application transaction (txn appId/version) was already committed by an earlier run.</summary>
    TransactionAlreadyCommitted,

    /// <summary>The transaction itself is not valid (nothing to commit, bad file path, table already exists...).</summary>
    InvalidTransaction,
}
