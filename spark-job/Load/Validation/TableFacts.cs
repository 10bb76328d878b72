namespace Handoff.SparkJob.Validation;

/// <summary>
/// One column as the table reports it. <paramref name="Type"/> is the engine's type text
/// (Delta schemaString or Spark simpleString: "long", "integer", "decimal(18,2)", ...), which
/// may name types the manifest vocabulary does not have.
/// </summary>
public sealed record TableColumnFact(string Name, string Type, bool Nullable);

/// <summary>What an engine found in the table after loading, for <see cref="ManifestValidator"/>.</summary>
public sealed record TableFacts
{
    public const string Overwrite = "overwrite";
    public const string Append = "append";

    /// <summary>How the report names the table (a path or catalog name, never with secrets).</summary>
    public required string Table { get; init; }

    public required IReadOnlyList<TableColumnFact> Columns { get; init; }

    /// <summary>Rows in the table at <see cref="Version"/>.</summary>
    public required long TableRowCount { get; init; }

    /// <summary>Rows the load's commit added (append mode); null when the engine could not tell.</summary>
    public long? RowsAddedByCommit { get; init; }

    /// <summary>Null counts per column name from file statistics; null when the table has no stats.</summary>
    public IReadOnlyDictionary<string, long>? NullCounts { get; init; }

    /// <summary>The table version the facts describe.</summary>
    public required long Version { get; init; }

    /// <summary><see cref="Overwrite"/> or <see cref="Append"/>.</summary>
    public required string Mode { get; init; }

    /// <summary>
    /// The table's live data files that storage does not hold with their recorded size, one
    /// sentence each; empty when all are there; null when the engine cannot tell (Spark).
    /// </summary>
    public IReadOnlyList<string>? DataFileProblems { get; init; }

    /// <summary>
    /// The exports whose data the table holds at <see cref="Version"/> (the export ids its loads
    /// tagged), newest first as far as the engine knows; null when the engine cannot tell. Used to
    /// say plainly when the export being validated is not among them.
    /// </summary>
    public IReadOnlyList<string>? ExportsInTable { get; init; }
}
