namespace Handoff.Shared.Formats.Parquet;

/// <summary>
/// The key/value metadata every Parquet file we write carries in its footer (data files and
/// Delta checkpoints), so that Spark reads its dates and timestamps as we wrote them.
/// </summary>
/// <remarks>
/// We write proleptic-Gregorian values, as Spark 3 does. Spark decides how to read old dates from
/// the footer (apache/spark 00b9bd2, sql/core/.../datasources/DataSourceUtils.scala,
/// getRebaseSpec via datetimeRebaseSpec and int96RebaseSpec; the keys are in sql/core/.../sql/package.scala):
/// with no <c>org.apache.spark.version</c> it falls back to
/// <c>spark.sql.parquet.datetimeRebaseModeInRead</c>, whose Spark 3 default EXCEPTION fails on dates
/// before 1582-10-15 and timestamps before 1900-01-01 (sentinels such as 0001-01-01 are common);
/// with a version of at least "3.0.0" (datetime) and "3.1.0" (INT96) and no
/// <c>org.apache.spark.legacyDateTime</c> / <c>org.apache.spark.legacyINT96</c> key, it reads the
/// values as CORRECTED, unchanged, whatever the session sets. "3.5.0" clears both minima, so the
/// rule holds even for a column we never write (INT96). Spark compares the version as a string.
/// </remarks>
public static class SparkFooterMetadata
{
    public const string VersionKey = "org.apache.spark.version";

    /// <summary>The prefix of the keys (legacyDateTime, legacyINT96) by which Spark marks a file as written in the hybrid Julian calendar.</summary>
    public const string LegacyKeyPrefix = "org.apache.spark.legacy";

    /// <summary>A Spark 3.x version whose files Spark reads as CORRECTED (see the remarks).</summary>
    public const string Version = "3.5.0";

    public static IReadOnlyDictionary<string, string> Entries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [VersionKey] = Version,
    };
}
