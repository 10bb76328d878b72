using Handoff.Shared.Schema;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>What a table holds at one version: its row count, null counts per column, and any rows inserted as literals.</summary>
public sealed record FakeTableState(long Rows, IReadOnlyDictionary<string, long> NullCounts, IReadOnlyList<IReadOnlyList<object?>> Values)
{
    public static FakeTableState Empty(TableSchema schema) =>
        new(0, schema.ToDictionary(c => c.Name, _ => 0L, StringComparer.OrdinalIgnoreCase), []);
}

/// <summary>One commit of DESCRIBE HISTORY; <paramref name="Metrics"/>, when set, are its operationMetrics as they are.</summary>
public sealed record FakeCommit(long Version, string Operation, string? Mode, long? OutputRows, string? UserMetadata, FakeTableState State, long? RestoredVersion = null, IReadOnlyDictionary<string, string>? Metrics = null);

/// <summary>A Delta table as the fake keeps it: schema, commits (each with the state it leaves) and txn versions per appId.</summary>
public sealed class FakeDeltaTable(string key, TableSchema schema)
{
    public string Key => key;

    public TableSchema Schema => schema;

    public List<FakeCommit> Commits { get; } = [];

    public Dictionary<string, long> Transactions { get; } = new(StringComparer.Ordinal);

    public FakeTableState Current => Commits.Count == 0 ? FakeTableState.Empty(schema) : Commits[^1].State;

    public long NextVersion => Commits.Count;

    public FakeCommit Commit(string operation, string? mode, long? outputRows, string? userMetadata, FakeTableState state, long? restoredVersion = null, IReadOnlyDictionary<string, string>? metrics = null)
    {
        var commit = new FakeCommit(NextVersion, operation, mode, outputRows, userMetadata, state, restoredVersion, metrics);
        Commits.Add(commit);
        return commit;
    }

    public FakeTableState StateAt(long version) =>
        version >= 0 && version < Commits.Count
            ? Commits[(int)version].State
            : throw FakeSparkErrors.Spark("DELTA_VERSION_NOT_FOUND", "22003", $"Cannot time travel Delta table to version {version}. Available versions: [0, {Commits.Count - 1}].", "org.apache.spark.sql.delta.DeltaAnalysisException");
}
