using System.Globalization;
using Handoff.Shared.Input;
using Handoff.SparkJob.Delta.Vacuum;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Plans;
using Handoff.SparkJob.SparkConnect.Results;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// Vacuum on Spark: Delta's own <c>VACUUM &lt;table&gt; [RETAIN n HOURS] [DRY RUN]</c>. The window
/// is checked here first against the table's delta.deletedFileRetentionDuration (from SHOW
/// TBLPROPERTIES), as for the embedded engine, because Delta's own refusal is a bare
/// IllegalArgumentException that reaches us without an error class. --force turns Delta's check
/// off for this statement (spark.databricks.delta.retentionDurationCheck.enabled=false).
/// </summary>
/// <remarks>
/// What was deleted comes from the commits Delta's vacuum logs (VacuumCommand.logVacuumStart and
/// logVacuumEnd: "VACUUM START" with numFilesToDelete and sizeOfDataToDelete, "VACUUM END" with
/// numDeletedFiles), which spark.databricks.delta.vacuum.logging.enabled=true turns on for this
/// statement. A dry run returns the paths only (Databricks lists at most 1000 of them), so its
/// bytes are unknown.
/// </remarks>
public sealed class SparkVacuum(SparkConnectClient client, SparkTableRef table, StorageAccessConfs storage, TimeProvider clock) : ITableVacuum
{
    public const string RetentionCheckConf = "spark.databricks.delta.retentionDurationCheck.enabled";
    public const string VacuumLoggingConf = "spark.databricks.delta.vacuum.logging.enabled";
    public const int DryRunListLimit = 1000;

    public string Table => table.Display;

    public async Task<VacuumResult> VacuumAsync(VacuumOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await SparkStorageAccess.ApplyAsync(client, storage, cancellationToken);
        var tableWindow = await TableWindowAsync(cancellationToken);
        var window = VacuumWindow.Choose(tableWindow, options, table.Display);
        var deleteBefore = clock.GetUtcNow() - window;
        var statement = $"VACUUM {table.Sql}{(options.RetainHours is { } retain ? " RETAIN " + SparkSql.Literal(retain) + " HOURS" : string.Empty)}{(options.DryRun ? " DRY RUN" : string.Empty)}";
        var confs = new List<KeyValuePair<string, string>>();
        if (window < tableWindow)
        {
            confs.Add(new(RetentionCheckConf, "false"));
        }

        if (!options.DryRun)
        {
            confs.Add(new(VacuumLoggingConf, "true"));
        }

        var before = options.DryRun ? -1 : await LatestVersionAsync(cancellationToken);
        var rows = await WithConfsAsync(confs, ct => client.SqlAsync(statement, ct), cancellationToken);
        if (options.DryRun)
        {
            var paths = rows.Select(r => r.GetString("path") ?? string.Empty).ToList();
            return new VacuumResult(true, window.TotalHours, deleteBefore, paths.Count, null, paths, 0);
        }

        return await ResultFromHistoryAsync(before, window, deleteBefore, cancellationToken);
    }

    private async Task<TimeSpan> TableWindowAsync(CancellationToken cancellationToken)
    {
        foreach (var row in await client.SqlAsync($"SHOW TBLPROPERTIES {table.Sql}", cancellationToken))
        {
            if (string.Equals(row.GetString("key"), RetentionDuration.PropertyKey, StringComparison.OrdinalIgnoreCase))
            {
                var value = row.GetString("value") ?? string.Empty;
                return RetentionDuration.TryParse(value, out var duration)
                    ? duration
                    : throw new InputDataException($"{table.Display} sets {RetentionDuration.PropertyKey} to '{value}', which is not a calendar interval such as 'interval 7 days'");
            }
        }

        return RetentionDuration.Default;
    }

    private async Task<long> LatestVersionAsync(CancellationToken cancellationToken)
    {
        long latest = -1;
        await foreach (var row in client.QueryAsync(SparkPlans.Sql($"DESCRIBE HISTORY {table.Sql}"), cancellationToken))
        {
            latest = Math.Max(latest, row.GetInt64("version") ?? -1);
        }

        return latest;
    }

    private async Task<VacuumResult> ResultFromHistoryAsync(long before, TimeSpan window, DateTimeOffset deleteBefore, CancellationToken cancellationToken)
    {
        long? toDelete = null;
        long? bytes = null;
        long? deleted = null;
        long directories = 0;
        await foreach (var row in client.QueryAsync(SparkPlans.Sql($"DESCRIBE HISTORY {table.Sql}"), cancellationToken))
        {
            if ((row.GetInt64("version") ?? -1) <= before)
            {
                continue;
            }

            var metrics = row["operationMetrics"] as IReadOnlyDictionary<string, object?>;
            switch (row.GetString("operation"))
            {
                case "VACUUM START":
                    toDelete = Metric(metrics, "numFilesToDelete");
                    bytes = Metric(metrics, "sizeOfDataToDelete");
                    break;
                case "VACUUM END":
                    deleted = Metric(metrics, "numDeletedFiles");
                    directories = Metric(metrics, "numVacuumedDirectories") ?? 0;
                    break;
            }
        }

        return new VacuumResult(false, window.TotalHours, deleteBefore, deleted ?? toDelete, bytes, [], directories);
    }

    private static long? Metric(IReadOnlyDictionary<string, object?>? metrics, string name) =>
        long.TryParse(metrics?.GetValueOrDefault(name)?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private async Task<IReadOnlyList<SparkRow>> WithConfsAsync(List<KeyValuePair<string, string>> confs, Func<CancellationToken, Task<IReadOnlyList<SparkRow>>> action, CancellationToken cancellationToken)
    {
        if (confs.Count == 0)
        {
            return await action(cancellationToken);
        }

        await client.SetConfAsync(confs, cancellationToken);
        try
        {
            return await action(cancellationToken);
        }
        finally
        {
            await client.UnsetConfAsync(confs.Select(c => c.Key), CancellationToken.None);
        }
    }
}
