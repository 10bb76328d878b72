namespace Handoff.SparkJob.Delta.Actions;

/// <summary>
/// The <c>commitInfo</c> action: provenance of one commit. Only the fields this project reads or
/// writes are modelled; the others stay in the log untouched.
/// </summary>
public sealed record CommitInfo(
    long? Timestamp,
    string? Operation,
    IReadOnlyDictionary<string, string?> OperationParameters,
    long? ReadVersion = null,
    bool? IsBlindAppend = null,
    string? IsolationLevel = null,
    IReadOnlyDictionary<string, string?>? OperationMetrics = null,
    string? EngineInfo = null,
    string? UserMetadata = null,
    string? TxnId = null) : IDeltaAction;
