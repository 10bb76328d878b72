using System.Globalization;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Stats;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>Builds the commitInfo of this writer's commits, with the fields Spark's DESCRIBE HISTORY shows.</summary>
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
        string txnId)
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
            IsBlindAppend: removes.Count == 0,
            IsolationLevel: "Serializable",
            metrics,
            engineInfo,
            userMetadata,
            txnId);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
