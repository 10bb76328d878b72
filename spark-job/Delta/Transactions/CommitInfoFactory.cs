using System.Globalization;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Stats;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>Builds the commitInfo of this writer's commits, with the fields Spark's DESCRIBE HISTORY shows.</summary>
/// <remarks>
/// isBlindAppend follows Spark's OptimisticTransaction (delta-io/delta bb1057f,
/// spark/.../OptimisticTransaction.scala): true only when the commit adds files and its outcome
/// depended on no files read from the table. An overwrite reads every live file to remove it
/// (WriteIntoDelta calls filterFiles() even on an empty table), and a restore compares file
/// lists, so the plans pass false for both.
/// </remarks>
internal static class CommitInfoFactory
{
    public static CommitInfo Create(
        long timestampMillis,
        string operation,
        IReadOnlyDictionary<string, string?> parameters,
        Snapshot? current,
        IReadOnlyList<IDeltaAction> fileActions,
        string engineInfo,
        string? userMetadata,
        string txnId,
        bool isBlindAppend)
    {
        var adds = fileActions.OfType<AddFile>().ToList();
        var removes = fileActions.OfType<RemoveFile>().ToList();
        var metrics = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["numFiles"] = Text(adds.Count),
            ["numOutputBytes"] = Text(adds.Sum(a => a.Size)),
        };
        var rows = adds.Select(a => StatsJsonReader.Parse(a.Stats).NumRecords).ToList();
        if (rows.All(r => r.HasValue))
        {
            metrics["numOutputRows"] = Text(rows.Sum(r => r!.Value));
        }

        if (removes.Count > 0)
        {
            metrics["numRemovedFiles"] = Text(removes.Count);
            metrics["numRemovedBytes"] = Text(removes.Sum(r => r.Size ?? 0));
        }

        return new CommitInfo(
            timestampMillis,
            operation,
            parameters,
            current?.Version,
            IsBlindAppend: isBlindAppend && removes.Count == 0,
            IsolationLevel: "Serializable",
            metrics,
            engineInfo,
            userMetadata,
            txnId);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
