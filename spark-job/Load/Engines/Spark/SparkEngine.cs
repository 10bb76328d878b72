using System.Globalization;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Errors;
using Handoff.SparkJob.SparkConnect.Plans;
using Handoff.SparkJob.SparkConnect.Results;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// The engine that runs on Spark itself over Spark Connect (a local Spark, a Databricks
/// cluster, serverless). Loads with Spark SQL into a Delta table, idempotently through Delta's
/// txnAppId/txnVersion session confs under the same (appId, version) scheme as the embedded
/// engine (<see cref="LoadTransactions"/>: per export in append, newest wins in overwrite), and describes the table from Spark: the
/// count, the schema from AnalyzePlan, the commit from DESCRIBE HISTORY.
/// </summary>
/// <remarks>
/// Spark writes new data files, so the table keeps no link from its rows to the export's files:
/// <see cref="EngineFacts.RowsBySourceFile"/> stays empty and the per-file row checks report
/// "unverified"; the total count and the commit's numOutputRows are checked instead.
/// </remarks>
public sealed class SparkEngine(SparkConnectClient client, SparkTableRef table, StorageAccessConfs storage) : ITableEngine
{
    public const string TxnAppIdConf = "spark.databricks.delta.write.txnAppId";
    public const string TxnVersionConf = "spark.databricks.delta.write.txnVersion";
    public const string UserMetadataConf = "spark.databricks.delta.commitInfo.userMetadata";

    /// <summary>
    /// The error classes of DESCRIBE HISTORY on a table that is not there: a catalog name
    /// (TABLE_OR_VIEW_NOT_FOUND) or a path that holds no Delta table (delta-io/delta
    /// delta-error-classes.json, DELTA_MISSING_DELTA_TABLE and DELTA_TABLE_NOT_FOUND).
    /// </summary>
    private static readonly HashSet<string> TableMissingErrors = new(StringComparer.Ordinal) { "TABLE_OR_VIEW_NOT_FOUND", "DELTA_MISSING_DELTA_TABLE", "DELTA_TABLE_NOT_FOUND" };

    private bool _sessionReady;

    public string Name => "spark";

    public string Table => table.Display;

    public async Task<LoadOutcome> LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = request.Export.Manifest;
        var read = ExportRead.For(manifest, request.Export.Folder.Root);
        await EnsureSessionAsync(cancellationToken);

        await client.SqlAsync($"CREATE TABLE IF NOT EXISTS {table.Sql} ({SparkDdl.Columns(manifest.Schema)}) USING DELTA", cancellationToken);
        var history = await HistoryAsync(cancellationToken);
        var before = history.Count > 0 ? history[0].Version : throw new InvalidDataException($"DESCRIBE HISTORY {table.Display} returned no commits");
        var columns = await client.SchemaAsync(SparkPlans.Sql($"SELECT * FROM {table.Sql}"), cancellationToken);
        SparkSchemaCompatibility.EnsureWritable(columns, manifest.Schema, request.Mode, table.Display);

        var overwrite = request.Mode == DeltaWriteMode.Overwrite;
        await WithConfsAsync(
            [new(TxnAppIdConf, LoadTransactions.AppIdFor(request.Mode, request.Stream, manifest.ExportId)), new(TxnVersionConf, TxnVersion(manifest)), new(UserMetadataConf, manifest.ExportId)],
            ct => client.ExecuteAsync(SparkPlans.InsertInto(read.Relation, table.Sql, overwrite), ct),
            cancellationToken);

        history = await HistoryAsync(cancellationToken);
        var commit = history.FirstOrDefault(c => c.Version > before && c.UserMetadata == manifest.ExportId);
        if (commit is null)
        {
            // Delta skips a write whose txnVersion is not above the one recorded for the appId.
            return Skip(manifest, request, history);
        }

        var written = commit.OutputRows is { } rows ? string.Create(CultureInfo.InvariantCulture, $"; {rows} rows written") : string.Empty;
        return new LoadOutcome(false, $"loaded export {manifest.ExportId} into {Table} at version {commit.Version} ({(overwrite ? "overwrite" : "append")} with Spark{written})", commit.Version, before);
    }

    public async Task<EngineFacts> DescribeAsync(ExportManifest manifest, long? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await EnsureSessionAsync(cancellationToken);
        var history = await HistoryAsync(cancellationToken);
        var described = version ?? (history.Count > 0 ? history[0].Version : throw new InvalidDataException($"DESCRIBE HISTORY {table.Display} returned no commits"));
        if (history.All(c => c.Version != described))
        {
            throw new InputArgumentException($"{table.Display} has no version {described} (latest: {history[0].Version})");
        }

        var asOf = $"{table.Sql} VERSION AS OF {SparkSql.Literal(described)}";
        var columns = await client.SchemaAsync(SparkPlans.Sql($"SELECT * FROM {asOf}"), cancellationToken);
        var (rows, nullCounts) = await CountAsync(asOf, columns, cancellationToken);

        // The commit that loaded this export: the table is that export only if it overwrote and nothing came after.
        var load = history.FirstOrDefault(c => c.Version <= described && c.UserMetadata == manifest.ExportId);
        var overwrite = load is null || (load.IsOverwrite && load.Version == described);
        var facts = new TableFacts
        {
            Table = Table,
            Columns = columns.Select(c => new TableColumnFact(c.Name, c.Type, c.Nullable)).ToList(),
            TableRowCount = rows,
            RowsAddedByCommit = load?.OutputRows,
            NullCounts = nullCounts,
            Version = described,
            Mode = overwrite ? TableFacts.Overwrite : TableFacts.Append,

            // Without a load of this export up to this version, the exports the loads before it
            // tagged (a rollback's tag is a sentence, not an export id). With one, the table may
            // have been overwritten since, which the history alone does not settle: not judged.
            ExportsInTable = load is not null ? null : history
                .Where(c => c.Version <= described && c.UserMetadata is { Length: > 0 } tag && !tag.Contains(' ', StringComparison.Ordinal))
                .Select(c => c.UserMetadata!).Distinct(StringComparer.Ordinal).ToList(),
        };
        return new EngineFacts(facts, new Dictionary<string, long>(StringComparer.Ordinal));
    }

    /// <remarks>
    /// Spark has no SQL that shows a table's txn actions, so the answer comes from DESCRIBE
    /// HISTORY: the writes (insertInto, in Append or Overwrite mode) that recorded an export id as
    /// userMetadata, less those a later RESTORE undid. It names what any stream wrote, and only
    /// commits still in the log; Delta's txn check remains what decides at the load itself.
    /// </remarks>
    public async Task<StreamRecord> ReadStreamAsync(string stream, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        await EnsureSessionAsync(cancellationToken);
        List<DeltaCommit> history;
        try
        {
            history = await HistoryAsync(cancellationToken);
        }
        catch (SparkConnectException missing) when (missing.ErrorClass is { } errorClass && TableMissingErrors.Contains(errorClass))
        {
            return StreamRecord.Nothing;
        }

        var loads = history
            .Where(c => c.UserMetadata is not null && c.Mode is not null && !history.Any(r => r.Undoes(c.Version)))
            .ToList();
        var appended = loads.Where(c => !c.IsOverwrite).Select(c => c.UserMetadata!).ToHashSet(StringComparer.Ordinal);
        var overwrite = loads.FirstOrDefault(c => c.IsOverwrite)?.UserMetadata;
        return new StreamRecord(appended, null, overwrite, loads.FirstOrDefault()?.UserMetadata, null);
    }

    public async Task<long> RollbackAsync(long? version, string reason, CancellationToken cancellationToken)
    {
        await EnsureSessionAsync(cancellationToken);
        var statement = version is { } previous
            ? $"RESTORE TABLE {table.Sql} TO VERSION AS OF {SparkSql.Literal(previous)}"
            : $"DELETE FROM {table.Sql}";
        await WithConfsAsync([new(UserMetadataConf, reason)], ct => client.SqlAsync(statement, ct), cancellationToken);
        var history = await HistoryAsync(cancellationToken);
        return history.FirstOrDefault(c => c.UserMetadata == reason)?.Version ?? history[0].Version;
    }

    private static string TxnVersion(ExportManifest manifest) => LoadTransactions.VersionOf(manifest).ToString(CultureInfo.InvariantCulture);

    private async Task EnsureSessionAsync(CancellationToken cancellationToken)
    {
        if (_sessionReady)
        {
            return;
        }

        foreach (var secret in storage.Secrets)
        {
            client.Secrets.Add(secret);
        }

        if (storage.Confs.Count > 0)
        {
            await client.SetConfAsync(storage.Confs, cancellationToken);
        }

        _sessionReady = true;
    }

    /// <summary>The table's commits, newest first.</summary>
    private async Task<List<DeltaCommit>> HistoryAsync(CancellationToken cancellationToken)
    {
        var commits = new List<DeltaCommit>();
        await foreach (var row in client.QueryAsync(SparkPlans.Sql($"DESCRIBE HISTORY {table.Sql}"), cancellationToken))
        {
            commits.Add(DeltaCommit.FromHistoryRow(row));
        }

        commits.Sort((a, b) => b.Version.CompareTo(a.Version));
        return commits;
    }

    private async Task<(long Rows, Dictionary<string, long> NullCounts)> CountAsync(string asOf, IReadOnlyList<SparkColumn> columns, CancellationToken cancellationToken)
    {
        var select = new List<string> { "count(*) AS `rows`" };
        select.AddRange(columns.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"count(*) - count({SparkSql.Identifier(c.Name)}) AS `nulls_{i}`")));
        SparkRow? result = null;
        await foreach (var row in client.QueryAsync(SparkPlans.Sql($"SELECT {string.Join(", ", select)} FROM {asOf}"), cancellationToken))
        {
            result ??= row;
        }

        if (result is null)
        {
            throw new InvalidDataException($"Spark returned no row for the count of {table.Display}");
        }

        var nullCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            nullCounts[columns[i].Name] = result.GetInt64(string.Create(CultureInfo.InvariantCulture, $"nulls_{i}")) ?? 0;
        }

        return (result.GetInt64("rows") ?? 0, nullCounts);
    }

    /// <summary>Runs <paramref name="action"/> with session confs set, unsetting them afterwards so that later statements of the session do not inherit them.</summary>
    private async Task WithConfsAsync(IReadOnlyList<KeyValuePair<string, string>> confs, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        await client.SetConfAsync(confs, cancellationToken);
        try
        {
            await action(cancellationToken);
        }
        finally
        {
            await client.UnsetConfAsync(confs.Select(c => c.Key), CancellationToken.None);
        }
    }

    private LoadOutcome Skip(ExportManifest manifest, LoadRequest request, IReadOnlyList<DeltaCommit> history)
    {
        var stream = request.Stream;
        var latest = history[0].Version;
        var loaded = history.FirstOrDefault(c => c.UserMetadata == manifest.ExportId && c.Operation != "CREATE TABLE");

        // RESTORE does not undo txn versions, so Delta keeps skipping an export whose load was
        // rolled back: reporting "skipped" would leave the user thinking its rows are in the table.
        if (loaded is not null && history.FirstOrDefault(c => c.Undoes(loaded.Version)) is { } restore)
        {
            throw new RolledBackExportException(manifest.ExportId, Table, loaded.Version, restore.Version, stream);
        }

        // Delta skips an append only when this very export was appended under the stream (one
        // appId per export), and an overwrite when the stream already loaded this export or a newer one.
        var winner = request.Mode == DeltaWriteMode.Overwrite ? history.FirstOrDefault(c => c.IsOverwrite && c.UserMetadata is not null && c.UserMetadata != manifest.ExportId) : null;
        var why = loaded is not null
            ? $"was already loaded (version {loaded.Version})"
            : winner is not null
                ? $"is not newer than export {winner.UserMetadata} (version {winner.Version}), which stream '{stream}' already loaded; the newer export wins an overwrite"
                : $"is not newer than the last export stream '{stream}' loaded (Delta keeps txn versions, the exports' createdAt in ms)";
        return new LoadOutcome(true, $"skipped: export {manifest.ExportId} {why}; nothing committed to {Table} (version {latest})", latest, latest);
    }
}
