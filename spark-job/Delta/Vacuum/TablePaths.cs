namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// Which paths under a table's root vacuum may consider at all. Delta's rule
/// (delta-io/delta DeltaTable.scala, DeltaTableUtils.isHiddenDirectory, applied by VacuumCommand
/// to every directory and file name under the root): a name starting with '.' or '_' is hidden,
/// and so is everything under it, unless it starts with "_delta_index" or "_change_data" or is a
/// partition directory ("&lt;partition column&gt;="); with Iceberg universal format, "metadata" is
/// hidden too. So <c>_delta_log/</c> is never touched.
/// </summary>
internal sealed class TablePaths(IReadOnlyList<string> partitionColumns, bool icebergMetadata)
{
    public const string LogFolder = "_delta_log";

    public bool IsHidden(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);

        // Belt and braces: whatever the rule says, the log is not vacuum's to delete.
        if (relativePath == LogFolder || relativePath.StartsWith(LogFolder + "/", StringComparison.Ordinal))
        {
            return true;
        }

        return relativePath.Split('/').Any(IsHiddenName);
    }

    private bool IsHiddenName(string name) =>
        (icebergMetadata && name == "metadata")
        || ((name.StartsWith('.') || name.StartsWith('_'))
            && !name.StartsWith("_delta_index", StringComparison.Ordinal)
            && !name.StartsWith("_change_data", StringComparison.Ordinal)
            && !partitionColumns.Any(c => name.StartsWith(c + "=", StringComparison.Ordinal)));
}
