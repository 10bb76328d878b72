using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Apache.Arrow.Types;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Rpc;
using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// The table upkeep statements of the fake Spark with Delta, answered as sql_command results
/// (apache/spark SparkConnectPlanner.handleSqlCommand: a command runs eagerly and its rows come
/// back as Arrow in the SqlCommandResult's local relation):
/// <list type="bullet">
/// <item><c>SHOW TBLPROPERTIES t</c>: rows (key, value) of the properties a test set.</item>
/// <item><c>VACUUM t [RETAIN n HOURS] [DRY RUN]</c> with Delta's rules (delta-io/delta
/// VacuumCommand): a RETAIN below the table's delta.deletedFileRetentionDuration (default one
/// week) is refused unless spark.databricks.delta.retentionDurationCheck.enabled is false; a dry
/// run returns the paths it would delete; a real run returns the table's path and, when
/// spark.databricks.delta.vacuum.logging.enabled is true, commits "VACUUM START"
/// (numFilesToDelete, sizeOfDataToDelete) and "VACUUM END" (numDeletedFiles,
/// numVacuumedDirectories) to the history.</item>
/// </list>
/// The files a vacuum finds are those a test lists in <see cref="Removed"/>, with how long ago
/// they left the table.
/// </summary>
public sealed partial class FakeUpkeep(FakeSpark spark)
{
    private const string RetentionKey = "delta.deletedFileRetentionDuration";
    private const string CheckConf = "spark.databricks.delta.retentionDurationCheck.enabled";
    private const string LoggingConf = "spark.databricks.delta.vacuum.logging.enabled";
    private const double DefaultRetentionHours = 168;

    private readonly Lock _lock = new();

    /// <summary>Table properties by table key ("sales.orders", "delta:/path").</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Files removed from each table and still on storage: path, size, and hours since their removal.</summary>
    public ConcurrentDictionary<string, List<(string Path, long Size, double HoursAgo)>> Removed { get; } = new(StringComparer.Ordinal);

    /// <summary>The response to an upkeep statement, or null when <paramref name="sql"/> is not one.</summary>
    public ExecutePlanResponse? TryRun(string sql, IReadOnlyDictionary<string, string> confs)
    {
        lock (_lock)
        {
            if (sql.StartsWith("SHOW TBLPROPERTIES ", StringComparison.Ordinal))
            {
                var table = spark.RequireTableAt(sql, "SHOW TBLPROPERTIES ".Length);
                var properties = Properties.GetValueOrDefault(table.Key) ?? [];
                return Rows([("key", StringType.Default), ("value", StringType.Default)], properties.Select(p => new object?[] { p.Key, p.Value }).ToList());
            }

            var vacuum = VacuumPattern().Match(sql);
            return vacuum.Success ? Vacuum(sql, vacuum, confs) : null;
        }
    }

    private ExecutePlanResponse Vacuum(string sql, Match vacuum, IReadOnlyDictionary<string, string> confs)
    {
        var table = spark.RequireTableAt(sql, vacuum.Groups["table"].Index);
        var configured = TableRetentionHours(table.Key);
        var window = vacuum.Groups["hours"].Success ? double.Parse(vacuum.Groups["hours"].Value, CultureInfo.InvariantCulture) : configured;
        if (window < configured && confs.GetValueOrDefault(CheckConf) != "false")
        {
            throw RequirementFailed($"Are you sure you would like to vacuum files with such a low retention period? If you have writers that are currently writing to this table, there is a risk that you may corrupt the state of your Delta table. If you are certain that there are no operations being performed on this table, such as insert/upsert/delete/optimize, then you may turn off this check by setting: {CheckConf} = false If you are not sure, please use a value not less than \"{configured} hours\".");
        }

        var files = Removed.GetValueOrDefault(table.Key) ?? [];
        var doomed = files.Where(f => f.HoursAgo > window).ToList();
        if (vacuum.Groups["dry"].Success)
        {
            return Rows([("path", StringType.Default)], doomed.Select(f => new object?[] { f.Path }).ToList());
        }

        if (confs.GetValueOrDefault(LoggingConf) == "true")
        {
            var metrics = new Dictionary<string, string>
            {
                ["numFilesToDelete"] = doomed.Count.ToString(CultureInfo.InvariantCulture),
                ["sizeOfDataToDelete"] = doomed.Sum(f => f.Size).ToString(CultureInfo.InvariantCulture),
            };
            table.Commit("VACUUM START", null, null, null, table.Current, metrics: metrics);
            table.Commit("VACUUM END", null, null, null, table.Current, metrics: new Dictionary<string, string>
            {
                ["numDeletedFiles"] = doomed.Count.ToString(CultureInfo.InvariantCulture),
                ["numVacuumedDirectories"] = "1",
            });
        }

        files.RemoveAll(doomed.Contains);
        return Rows([("path", StringType.Default)], [[table.Key]]);
    }

    private double TableRetentionHours(string table)
    {
        if (Properties.GetValueOrDefault(table)?.GetValueOrDefault(RetentionKey) is not { } text)
        {
            return DefaultRetentionHours;
        }

        var match = IntervalPattern().Match(text);
        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "hour" or "hours" => number,
            "day" or "days" => number * 24,
            _ => number * 168,
        };
    }

    private static ExecutePlanResponse Rows(IReadOnlyList<(string, IArrowType)> columns, IReadOnlyList<object?[]> rows) => new()
    {
        SqlCommandResult = new ExecutePlanResponse.Types.SqlCommandResult
        {
            Relation = new Relation { LocalRelation = new LocalRelation { Data = FakeArrow.Stream(columns, rows) } },
        },
    };

    /// <summary>
    /// Delta's require(...) throws a plain java.lang.IllegalArgumentException: Spark Connect sends
    /// it with its class names but no error class or SQLSTATE, which only SparkThrowables carry.
    /// </summary>
    private static RpcException RequirementFailed(string message)
    {
        const string ExceptionClass = "java.lang.IllegalArgumentException";
        var info = new ErrorInfo { Reason = ExceptionClass, Domain = "org.apache.spark" };
        info.Metadata["classes"] = JsonSerializer.Serialize(new[] { ExceptionClass, "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable" });
        var text = "requirement failed: " + message;
        var status = new Handoff.SparkJob.SparkConnect.Rpc.Status { Code = (int)StatusCode.Internal, Message = text, Details = { Any.Pack(info) } };
        return new RpcException(new Grpc.Core.Status(StatusCode.Internal, text), new Metadata { { "grpc-status-details-bin", status.ToByteArray() } });
    }

    [GeneratedRegex(@"^VACUUM (?<table>.+?)(?: RETAIN (?<hours>\d+(?:\.\d+)?) HOURS)?(?<dry> DRY RUN)?$")]
    private static partial Regex VacuumPattern();

    [GeneratedRegex(@"^(?:interval\s+)?(?<n>\d+)\s+(?<unit>\w+)$", RegexOptions.IgnoreCase)]
    private static partial Regex IntervalPattern();
}
