using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Apache.Arrow.Types;
using Handoff.Shared.Schema;
using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// A small, stateful stand-in for Spark with Delta: it runs the statements and plans our spark
/// engine sends (CREATE TABLE IF NOT EXISTS, DataFrame insertInto of a file read, DESCRIBE
/// HISTORY, counts, RESTORE, INSERT VALUES, AnalyzePlan of SELECT *) against in-memory
/// tables, honours txnAppId/txnVersion like Delta, and answers anything else with Spark's
/// syntax error. Results come back as real Arrow batches, one row per batch, so that streams
/// have several responses to break.
/// </summary>
public sealed partial class FakeSpark(FakeFaults faults)
{
    private readonly Lock _lock = new();
    private FakeUpkeep? _upkeep;

    /// <summary>Table upkeep statements (VACUUM, SHOW TBLPROPERTIES): see <see cref="FakeUpkeep"/>.</summary>
    public FakeUpkeep Upkeep => _upkeep ??= new FakeUpkeep(this);

    public ConcurrentDictionary<string, FakeDeltaTable> Tables { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, ConcurrentDictionary<string, string>> SessionConfs { get; } = new(StringComparer.Ordinal);

    /// <summary>How many writes (insertInto) ran, committed or skipped: a re-executed write shows here.</summary>
    public int WritesExecuted { get; private set; }

    /// <summary>The table named by a reference as our engine quotes it: "main.sales.orders" or "delta:/path".</summary>
    public FakeDeltaTable? Table(string key) => Tables.GetValueOrDefault(key);

    public async Task<List<ExecutePlanResponse>> ExecuteAsync(string sessionId, Plan plan, CancellationToken cancellationToken)
    {
        var confs = SessionConfs.GetOrAdd(sessionId, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        switch (plan.OpTypeCase)
        {
            case Plan.OpTypeOneofCase.Root when plan.Root.RelTypeCase == Relation.RelTypeOneofCase.Sql:
                return Query(plan.Root.Sql.Query);
            case Plan.OpTypeOneofCase.Command when plan.Command.CommandTypeCase == Command.CommandTypeOneofCase.SqlCommand && plan.Command.SqlCommand.Sql.StartsWith("SELECT ", StringComparison.Ordinal):
                // A query is not run eagerly: Spark's planner (SparkConnectPlanner.handleSqlCommand)
                // answers with the relation to run, which the client executes.
                return [new ExecutePlanResponse { SqlCommandResult = new ExecutePlanResponse.Types.SqlCommandResult { Relation = new Relation { Sql = new SQL { Query = plan.Command.SqlCommand.Sql } } } }];
            case Plan.OpTypeOneofCase.Command when plan.Command.CommandTypeCase == Command.CommandTypeOneofCase.SqlCommand:
                if (Upkeep.TryRun(plan.Command.SqlCommand.Sql, confs) is { } result)
                {
                    return [result];
                }

                Statement(plan.Command.SqlCommand.Sql, confs);
                return [new ExecutePlanResponse { SqlCommandResult = new ExecutePlanResponse.Types.SqlCommandResult { Relation = new Relation { LocalRelation = new LocalRelation() } } }];
            case Plan.OpTypeOneofCase.Command when plan.Command.CommandTypeCase == Command.CommandTypeOneofCase.WriteOperation:
                await WriteAsync(plan.Command.WriteOperation, confs, cancellationToken);

                // A command's stream carries metrics before it completes; an empty response stands in for them.
                return [new ExecutePlanResponse()];
            default:
                throw FakeSparkErrors.Spark("UNSUPPORTED_FEATURE", "0A000", $"the fake does not run plans of type {plan.OpTypeCase}");
        }
    }

    public DataType Analyze(Plan plan)
    {
        var query = plan.Root?.Sql?.Query ?? throw FakeSparkErrors.Spark("UNSUPPORTED_FEATURE", "0A000", "the fake analyzes SQL relations only");
        var match = SelectAllPattern().Match(query);
        if (!match.Success)
        {
            throw FakeSql.Syntax($"the fake cannot analyze: {query}");
        }

        var position = match.Groups["table"].Index;
        var table = RequireTable(FakeSql.ReadTable(query, ref position));
        if (match.Groups["version"].Success)
        {
            table.StateAt(long.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture));
        }

        var schema = new DataType.Types.Struct();
        schema.Fields.AddRange(table.Schema.Select(c => new DataType.Types.StructField { Name = c.Name, DataType = TypeOf(c.Type), Nullable = c.Nullable }));
        return new DataType { Struct = schema };
    }

    private List<ExecutePlanResponse> Query(string query)
    {
        lock (_lock)
        {
            if (faults.TakeStatementError(query) is { } injected)
            {
                throw injected;
            }

            var history = HistoryPattern().Match(query);
            if (history.Success)
            {
                return History(RequireTableAt(query, history.Groups["table"].Index));
            }

            var count = CountPattern().Match(query);
            if (count.Success)
            {
                var table = RequireTableAt(query, count.Groups["table"].Index);
                var state = count.Groups["version"].Success ? table.StateAt(long.Parse(count.Groups["version"].Value, CultureInfo.InvariantCulture)) : table.Current;
                return Count(query, table, state);
            }

            throw FakeSql.Syntax($"the fake cannot run the query: {query}");
        }
    }

    private void Statement(string sql, ConcurrentDictionary<string, string> confs)
    {
        lock (_lock)
        {
            if (faults.TakeStatementError(sql) is { } injected)
            {
                throw injected;
            }

            if (sql.StartsWith("CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal))
            {
                var position = "CREATE TABLE IF NOT EXISTS ".Length;
                var key = FakeSql.ReadTable(sql, ref position);
                var ddl = DdlPattern().Match(sql[position..]);
                if (!ddl.Success)
                {
                    throw FakeSql.Syntax($"the fake cannot read the CREATE TABLE: {sql}");
                }

                if (!Tables.ContainsKey(key))
                {
                    var table = new FakeDeltaTable(key, FakeSql.ParseDdl(ddl.Groups["ddl"].Value));
                    table.Commit("CREATE TABLE", null, null, confs.GetValueOrDefault(Confs.UserMetadata), table.Current);
                    Tables[key] = table;
                }

                return;
            }

            var restore = RestorePattern().Match(sql);
            if (restore.Success)
            {
                var table = RequireTableAt(sql, restore.Groups["table"].Index);
                var version = long.Parse(restore.Groups["version"].Value, CultureInfo.InvariantCulture);
                table.Commit("RESTORE", null, null, confs.GetValueOrDefault(Confs.UserMetadata), table.StateAt(version), version);
                return;
            }

            if (sql.StartsWith("DELETE FROM ", StringComparison.Ordinal))
            {
                var table = RequireTableAt(sql, "DELETE FROM ".Length);
                table.Commit("DELETE", null, null, confs.GetValueOrDefault(Confs.UserMetadata), FakeTableState.Empty(table.Schema));
                return;
            }

            var insert = InsertValuesPattern().Match(sql);
            if (insert.Success)
            {
                var table = RequireTableAt(sql, insert.Groups["table"].Index);
                var values = FakeSql.ParseValues(insert.Groups["values"].Value);
                if (values.Count != table.Schema.Count)
                {
                    throw FakeSparkErrors.Spark("INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS", "21S01", $"Cannot write to {table.Key}: {values.Count} values for {table.Schema.Count} columns");
                }

                var current = table.Current;
                var nulls = current.NullCounts.ToDictionary(p => p.Key, p => p.Value + (values[table.Schema.Select(c => c.Name).ToList().FindIndex(n => n.Equals(p.Key, StringComparison.OrdinalIgnoreCase))] is null ? 1 : 0), StringComparer.OrdinalIgnoreCase);
                table.Commit("WRITE", "Append", 1, confs.GetValueOrDefault(Confs.UserMetadata), new FakeTableState(current.Rows + 1, nulls, [.. current.Values, values]));
                return;
            }

            throw FakeSql.Syntax($"the fake cannot run the statement: {sql}");
        }
    }

    private async Task WriteAsync(WriteOperation write, ConcurrentDictionary<string, string> confs, CancellationToken cancellationToken)
    {
        if (faults.TakeStatementError(write.Table?.TableName ?? string.Empty) is { } injected)
        {
            throw injected;
        }

        if (write.Table is not { SaveMethod: WriteOperation.Types.SaveTable.Types.TableSaveMethod.InsertInto } target || write.Input?.Read?.DataSource is not { } source)
        {
            throw FakeSparkErrors.Spark("UNSUPPORTED_FEATURE", "0A000", "the fake writes only insertInto(table) of a file read");
        }

        var (rows, nulls) = await FakeFileReader.CountAsync(source, cancellationToken);
        lock (_lock)
        {
            WritesExecuted++;
            var position = 0;
            var table = RequireTable(FakeSql.ReadTable(target.TableName, ref position));
            var incoming = FakeSql.ParseDdl(source.Schema);
            if (incoming.Count != table.Schema.Count)
            {
                throw FakeSparkErrors.Spark("INSERT_COLUMN_ARITY_MISMATCH", "21S01", $"Cannot write to {table.Key}: the data has {incoming.Count} columns, the table {table.Schema.Count}");
            }

            foreach (var column in table.Schema.Where(c => !c.Nullable && nulls.GetValueOrDefault(c.Name) > 0))
            {
                throw FakeSparkErrors.Spark("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "23502", $"NOT NULL constraint violated for column: {column.Name}.", "org.apache.spark.sql.delta.schema.DeltaInvariantViolationException");
            }

            // Delta's idempotent writes (delta-io/delta bb1057f4, spark/src/main/scala/org/apache/spark/sql/delta/
            // commands/DeltaCommand.scala: getTxnVersionAndAppId, hasBeenExecuted, createSetTransaction):
            // the session confs count only when both are set, one without the other is refused
            // (DELTA_INVALID_IDEMPOTENT_WRITES_OPTIONS.MISSING_SESSION_CONFS, SQLSTATE 42616); the
            // write is skipped when the table records this appId at this version or later
            // (OptimisticTransaction.txnVersion: -1 when unknown), and otherwise commits a txn action.
            var hasAppId = confs.TryGetValue(Confs.TxnAppId, out var appId);
            var hasVersion = confs.TryGetValue(Confs.TxnVersion, out var versionText);
            if (hasAppId != hasVersion)
            {
                throw FakeSparkErrors.Spark("DELTA_INVALID_IDEMPOTENT_WRITES_OPTIONS.MISSING_SESSION_CONFS", "42616", "Invalid options for idempotent DataFrame writes: Both spark.databricks.delta.write.txnAppId and spark.databricks.delta.write.txnVersion must be specified for idempotent Delta writes.", "org.apache.spark.sql.delta.DeltaIllegalArgumentException");
            }

            if (hasAppId)
            {
                // A longConf (DeltaSQLConf.DELTA_IDEMPOTENT_DML_TXN_VERSION): anything else is refused when set.
                if (!long.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
                {
                    throw FakeSparkErrors.Spark("INVALID_CONF_VALUE.TYPE_MISMATCH", "22022", $"The value '{versionText}' in the config \"{Confs.TxnVersion}\" is invalid. It should be a long.");
                }

                if (table.Transactions.TryGetValue(appId!, out var recorded) && recorded >= version)
                {
                    return;
                }

                table.Transactions[appId!] = version;
            }

            var overwrite = write.Mode == WriteOperation.Types.SaveMode.Overwrite;
            var current = table.Current;
            var state = overwrite
                ? new FakeTableState(rows, nulls, [])
                : new FakeTableState(current.Rows + rows, current.NullCounts.ToDictionary(p => p.Key, p => p.Value + nulls.GetValueOrDefault(p.Key), StringComparer.OrdinalIgnoreCase), current.Values);
            table.Commit("WRITE", overwrite ? "Overwrite" : "Append", rows, confs.GetValueOrDefault(Confs.UserMetadata), state);
        }
    }

    private static List<ExecutePlanResponse> History(FakeDeltaTable table)
    {
        (string, IArrowType)[] columns =
        [
            ("version", Int64Type.Default), ("timestamp", new TimestampType(TimeUnit.Microsecond, "UTC")), ("operation", StringType.Default),
            ("operationParameters", FakeArrow.StringMap), ("operationMetrics", FakeArrow.StringMap), ("userMetadata", StringType.Default),
        ];
        var rows = table.Commits.AsEnumerable().Reverse().Select(c => new object?[]
        {
            c.Version,
            DateTimeOffset.UnixEpoch.AddHours(c.Version),
            c.Operation,
            c.RestoredVersion is { } restored ? new Dictionary<string, string> { ["version"] = restored.ToString(CultureInfo.InvariantCulture), ["timestamp"] = "null" }
                : c.Mode is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["mode"] = c.Mode },
            c.Metrics ?? (c.OutputRows is { } output ? new Dictionary<string, string> { ["numOutputRows"] = output.ToString(CultureInfo.InvariantCulture), ["numFiles"] = "1" } : new Dictionary<string, string>()),
            c.UserMetadata,
        });
        return Batches(columns, rows);
    }

    private static List<ExecutePlanResponse> Count(string query, FakeDeltaTable table, FakeTableState state)
    {
        var columns = new List<(string, IArrowType)> { ("rows", Int64Type.Default) };
        var values = new List<object?> { state.Rows };
        foreach (Match item in NullCountPattern().Matches(query))
        {
            var position = item.Groups["column"].Index;
            var column = FakeSql.ReadQuoted(query, ref position);
            if (!state.NullCounts.TryGetValue(column, out var nulls))
            {
                throw FakeSparkErrors.Spark("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703", $"A column with name `{column}` cannot be resolved.");
            }

            columns.Add(("nulls_" + item.Groups["index"].Value, Int64Type.Default));
            values.Add(nulls);
        }

        return Batches(columns, [values.ToArray()]);
    }

    private static List<ExecutePlanResponse> Batches(IReadOnlyList<(string, IArrowType)> columns, IEnumerable<object?[]> rows)
    {
        var responses = rows.Select(row => new ExecutePlanResponse { ArrowBatch = new ExecutePlanResponse.Types.ArrowBatch { RowCount = 1, Data = FakeArrow.Stream(columns, [row]) } }).ToList();
        if (responses.Count == 0)
        {
            responses.Add(new ExecutePlanResponse { ArrowBatch = new ExecutePlanResponse.Types.ArrowBatch { RowCount = 0, Data = FakeArrow.Stream(columns, []) } });
        }

        return responses;
    }

    internal FakeDeltaTable RequireTableAt(string text, int position) => RequireTable(FakeSql.ReadTable(text, ref position));

    internal FakeDeltaTable RequireTable(string key) =>
        Tables.TryGetValue(key, out var table)
            ? table
            : throw FakeSparkErrors.Spark("TABLE_OR_VIEW_NOT_FOUND", "42P01", $"The table or view {key} cannot be found.");

    private static DataType TypeOf(LogicalType type) => type.Kind switch
    {
        LogicalKind.String => new DataType { String = new DataType.Types.String() },
        LogicalKind.Long => new DataType { Long = new DataType.Types.Long() },
        LogicalKind.Integer => new DataType { Integer = new DataType.Types.Integer() },
        LogicalKind.Short => new DataType { Short = new DataType.Types.Short() },
        LogicalKind.Byte => new DataType { Byte = new DataType.Types.Byte() },
        LogicalKind.Double => new DataType { Double = new DataType.Types.Double() },
        LogicalKind.Float => new DataType { Float = new DataType.Types.Float() },
        LogicalKind.Boolean => new DataType { Boolean = new DataType.Types.Boolean() },
        LogicalKind.Binary => new DataType { Binary = new DataType.Types.Binary() },
        LogicalKind.Date => new DataType { Date = new DataType.Types.Date() },
        LogicalKind.Timestamp => new DataType { Timestamp = new DataType.Types.Timestamp() },
        LogicalKind.Decimal => new DataType { Decimal = new DataType.Types.Decimal { Precision = type.Precision, Scale = type.Scale } },
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The session confs Delta reads.</summary>
    public static class Confs
    {
        public const string TxnAppId = "spark.databricks.delta.write.txnAppId";
        public const string TxnVersion = "spark.databricks.delta.write.txnVersion";
        public const string UserMetadata = "spark.databricks.delta.commitInfo.userMetadata";
    }

    [GeneratedRegex(@"^DESCRIBE HISTORY (?<table>\S.*)$")]
    private static partial Regex HistoryPattern();

    [GeneratedRegex(@"^SELECT count\(\*\) AS `rows`.* FROM (?<table>.+?)(?: VERSION AS OF (?<version>\d+))?$")]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"count\((?<column>`(?:[^`]|``)*`)\) AS `nulls_(?<index>\d+)`")]
    private static partial Regex NullCountPattern();

    [GeneratedRegex(@"^SELECT \* FROM (?<table>.+?)(?: VERSION AS OF (?<version>\d+))?$")]
    private static partial Regex SelectAllPattern();

    [GeneratedRegex(@"^ \((?<ddl>.*)\) USING DELTA$", RegexOptions.Singleline)]
    private static partial Regex DdlPattern();

    [GeneratedRegex(@"^RESTORE TABLE (?<table>.+) TO VERSION AS OF (?<version>\d+)$")]
    private static partial Regex RestorePattern();

    [GeneratedRegex(@"^INSERT INTO (?<table>.+?) VALUES \((?<values>.*)\)$", RegexOptions.Singleline)]
    private static partial Regex InsertValuesPattern();
}
