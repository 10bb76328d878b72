using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Actions;

namespace Handoff.SparkJob.History;

/// <summary>
/// Reads back the runs <see cref="ValidationHistory"/> recorded: the live files of the history
/// table, only the columns a verdict and its summary need.
/// </summary>
public static class ValidationHistoryReader
{
    private const int BatchRows = 4096;

    private static readonly string[] Columns = ["export_id", "table_version", "operation", "passed", "checks", "failed_checks", "finished_at", "report"];

    private static readonly TableSchema Verdicts = new(ValidationHistory.Schema.Where(c => Columns.Contains(c.Name)).OrderBy(c => Array.IndexOf(Columns, c.Name)));

    /// <summary>Every recorded run; empty when there is no history table at <paramref name="history"/>.</summary>
    public static async Task<IReadOnlyList<RecordedValidation>> ReadAsync(IObjectStore history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (!await DeltaLog.ExistsAsync(history, cancellationToken))
        {
            return [];
        }

        var snapshot = await DeltaLog.LoadSnapshotAsync(history, null, cancellationToken);
        var runs = new List<RecordedValidation>();
        foreach (var file in snapshot.Files)
        {
            await using var stream = await history.OpenReadAsync(FilePaths.ToObjectPath(file.Path), cancellationToken);
            await using var reader = RowBatchFormats.CreateReader(new FormatSpec(FileFormat.Parquet, "snappy"), Verdicts, stream);
            var batch = new RowBatch(Verdicts, BatchRows);
            while (await reader.ReadAsync(batch, cancellationToken))
            {
                for (var row = 0; row < batch.Count; row++)
                {
                    runs.Add(RunAt(batch, row));
                }
            }
        }

        return runs;
    }

    private static RecordedValidation RunAt(RowBatch batch, int row) => new(
        (string)batch.GetValue(row, 0)!,
        (long)batch.GetValue(row, 1)!,
        (string)batch.GetValue(row, 2)!,
        (bool)batch.GetValue(row, 3)!,
        (int)batch.GetValue(row, 4)!,
        (int)batch.GetValue(row, 5)!,
        new DateTimeOffset(DateTime.SpecifyKind((DateTime)batch.GetValue(row, 6)!, DateTimeKind.Utc)))
    {
        Summary = batch.GetValue(row, 7) is string report ? ValidationReportJson.ReadSummary(report) : null,
    };
}
