using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// Whether this code may vacuum a table. Vacuum deletes every file the log does not reference, so
/// it must understand every way the table's writers reference files: a writer feature it does not
/// know might keep files it cannot see. PROTOCOL.md's vacuumProtocolCheck feature asks vacuum to
/// check the writer protocol for exactly this reason; Delta's VacuumCommand calls
/// protocolWrite before it lists anything. The features below keep data files only through
/// add/remove actions (and deletion vectors, resolved by <see cref="DeletionVectorFiles"/>), or
/// through cdc files under _change_data, which Delta's vacuum also deletes by age alone.
/// </summary>
internal static class VacuumProtocol
{
    private static readonly HashSet<string> KnownWriterFeatures = new(StringComparer.Ordinal)
    {
        "appendOnly", "invariants", "checkConstraints", "changeDataFeed", "generatedColumns", "allowColumnDefaults",
        "columnMapping", "identityColumns", "deletionVectors", "rowTracking", "timestampNtz", "domainMetadata",
        "v2Checkpoint", "vacuumProtocolCheck", "typeWidening", "typeWidening-preview", "inCommitTimestamp",
        "clustering", "checkpointProtection", "variantType", "variantType-preview",
    };

    /// <summary>Newest legacy writer version (before table features): 6, identity columns.</summary>
    private const int MaxLegacyWriterVersion = 6;

    public static void EnsureVacuumable(ProtocolAction protocol, string table)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.MinWriterVersion == 7)
        {
            var unknown = (protocol.WriterFeatures ?? []).Where(f => !KnownWriterFeatures.Contains(f)).ToList();
            if (unknown.Count > 0)
            {
                throw new UnsupportedTableFeatureException(unknown[0], $"refusing to vacuum {table}: it uses the writer feature{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(f => $"'{f}'"))}, which this vacuum does not know, so it cannot tell which files they keep. Nothing was deleted");
            }
        }
        else if (protocol.MinWriterVersion > MaxLegacyWriterVersion)
        {
            throw new UnsupportedProtocolVersionException(protocol.MinWriterVersion, MaxLegacyWriterVersion, forWriting: true, $"refusing to vacuum {table}: it needs writer protocol version {protocol.MinWriterVersion}, which this vacuum does not know. Nothing was deleted");
        }
    }
}
