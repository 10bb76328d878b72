namespace Handoff.SparkJob.Delta.Protocol;

/// <summary>Table feature names from the protocol's "Valid Feature Names" table, and which ones this code implements.</summary>
public static class TableFeatures
{
    public const string ColumnMapping = "columnMapping";
    public const string DeletionVectors = "deletionVectors";
    public const string TimestampNtz = "timestampNtz";
    public const string V2Checkpoint = "v2Checkpoint";
    public const string VacuumProtocolCheck = "vacuumProtocolCheck";
    public const string TypeWidening = "typeWidening";
    public const string TypeWideningPreview = "typeWidening-preview";
    public const string AppendOnly = "appendOnly";
    public const string Invariants = "invariants";

    /// <summary>The newest reader protocol version this code implements.</summary>
    public const int MaxReaderVersion = 3;

    /// <summary>The writer protocol version of the tables this code writes: it honours appendOnly and refuses invariants.</summary>
    public const int MaxWriterVersion = 2;

    /// <summary>
    /// Reader features whose data this code reads correctly. Deletion vectors are honoured by their
    /// cardinality (row counts only); column mapping by reporting logical names and mapping
    /// statistics; type widening changes only how old files' values decode, which this code never
    /// reads. Anything else (catalogManaged, variantType, ...) is refused by name.
    /// </summary>
    public static IReadOnlySet<string> SupportedReaderFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ColumnMapping,
        DeletionVectors,
        TimestampNtz,
        V2Checkpoint,
        VacuumProtocolCheck,
        TypeWidening,
        TypeWideningPreview,
    };

    /// <summary>Writer features whose rules this writer follows when it appends or overwrites.</summary>
    public static IReadOnlySet<string> SupportedWriterFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        AppendOnly,
        Invariants,
    };
}
