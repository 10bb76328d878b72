namespace Handoff.SparkJob.Delta.Transactions;

public enum DeltaWriteMode
{
    /// <summary>Add the files to the table's current content.</summary>
    Append,

    /// <summary>Replace the table's content: every live file is removed in the same commit.</summary>
    Overwrite,
}
