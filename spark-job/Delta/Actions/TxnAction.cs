namespace Handoff.SparkJob.Delta.Actions;

/// <summary>The <c>txn</c> action: how far application <see cref="AppId"/> has written into the table.</summary>
public sealed record TxnAction(string AppId, long Version, long? LastUpdated) : IDeltaAction;
