using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.History;

/// <summary>
/// The validation history as a Delta table in storage, written with our own Delta code: one
/// row per load or validate run, beside the target (<c>&lt;table&gt;_validation</c>) unless told
/// otherwise. Every run is an append, so concurrent runs do not conflict. The spark engine
/// keeps the same table through Spark SQL instead (<see cref="SparkValidationHistory"/>).
/// </summary>
public sealed class ValidationHistory(IObjectStore store) : IValidationHistory
{
    public static readonly TableSchema Schema = new([
        new Column("run_id", LogicalType.String, false),
        new Column("export_id", LogicalType.String, false),
        new Column("table_location", LogicalType.String, false),
        new Column("table_version", LogicalType.Long, false),
        new Column("engine", LogicalType.String, false),
        new Column("operation", LogicalType.String, false),
        new Column("mode", LogicalType.String, false),
        new Column("passed", LogicalType.Boolean, false),
        new Column("checks", LogicalType.Integer, false),
        new Column("failed_checks", LogicalType.Integer, false),
        new Column("started_at", LogicalType.Timestamp, false),
        new Column("finished_at", LogicalType.Timestamp, false),
        new Column("report", LogicalType.String, false),
    ]);

    public IObjectStore Store => store;

    public string Location => store.Root.ToString()!;

    /// <summary>What a table's name or location gets to name its history beside it.</summary>
    public const string Suffix = "_validation";

    /// <summary>The default history location for a table: a sibling folder named <c>&lt;table&gt;_validation</c>.</summary>
    public static StorageLocation DefaultLocationFor(StorageLocation table) => table switch
    {
        LocalLocation local => new LocalLocation(Path.TrimEndingDirectorySeparator(local.FullPath) + Suffix),
        BlobLocation blob when blob.Prefix.Trim('/').Length > 0 => blob with { Prefix = blob.Prefix.Trim('/') + Suffix },
        BlobLocation blob => blob with { Prefix = Suffix },
        _ => throw new ArgumentException($"no default history location for {table}"),
    };

    public async Task AppendAsync(ValidationRun run, CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid().ToString("N");
        var path = $"runs/{run.StartedAt.UtcDateTime:yyyyMMdd}/{runId}.parquet";
        await using (var upload = await store.StartUploadAsync(path, cancellationToken))
        {
            await using (var writer = RowBatchFormats.CreateWriter(new FormatSpec(FileFormat.Parquet, "snappy"), Schema, upload.Content))
            {
                await writer.WriteAsync(RowOf(run, runId), cancellationToken);
                await writer.CompleteAsync(cancellationToken);
            }

            await upload.CommitAsync(cancellationToken);
        }

        var table = new DeltaTable(store);
        var transaction = await table.StartTransactionAsync(cancellationToken);
        transaction.Mode = DeltaWriteMode.Append;
        transaction.Schema = Schema;
        transaction.UserMetadata = run.Report.ExportId;
        transaction.AddFile(await table.DescribeDataFileAsync(path, Schema, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static RowBatch RowOf(ValidationRun run, string runId)
    {
        var batch = new RowBatch(Schema, 1) { Count = 1 };
        var report = run.Report;
        object?[] values =
        [
            runId, report.ExportId, report.Table, report.Version, run.Engine, run.Operation, run.Mode, report.Passed,
            report.Checks.Count, report.FailedCount, Microseconds(run.StartedAt), Microseconds(run.FinishedAt), report.ToJson(),
        ];
        for (var i = 0; i < values.Length; i++)
        {
            batch.Column(i).SetValue(values[i], 0);
        }

        return batch;
    }

    // Parquet and Delta keep microseconds; DateTimeOffset has 100 ns ticks.
    private static DateTime Microseconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), DateTimeKind.Utc);
}
