using Handoff.SparkJob.SparkConnect.Results;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// One row of <c>DESCRIBE HISTORY</c>: the version, the operation, its write mode
/// ("Overwrite", "Append", from operationParameters), the rows it wrote (operationMetrics
/// numOutputRows), the userMetadata we tag loads with (the export id), and for a RESTORE the
/// version it restored (operationParameters "version").
/// </summary>
public sealed record DeltaCommit(long Version, string Operation, string? Mode, long? OutputRows, string? UserMetadata, long? RestoredVersion = null)
{
    public bool IsOverwrite => string.Equals(Mode, "Overwrite", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a RESTORE to a version before <paramref name="version"/>: what that version added is gone.</summary>
    public bool Undoes(long version) => Version > version && RestoredVersion < version;

    public static DeltaCommit FromHistoryRow(SparkRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var version = row.GetInt64("version") ?? throw new InvalidDataException("DESCRIBE HISTORY returned a row without a version");
        var parameters = row["operationParameters"] as IReadOnlyDictionary<string, object?>;
        var metrics = row["operationMetrics"] as IReadOnlyDictionary<string, object?>;
        return new DeltaCommit(
            version,
            row.GetString("operation") ?? string.Empty,
            Unquote(parameters?.GetValueOrDefault("mode")?.ToString()),
            long.TryParse(metrics?.GetValueOrDefault("numOutputRows")?.ToString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var rows) ? rows : null,
            row.GetString("userMetadata"),
            string.Equals(row.GetString("operation"), "RESTORE", StringComparison.Ordinal) && long.TryParse(Unquote(parameters?.GetValueOrDefault("version")?.ToString()), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var restored) ? restored : null);
    }

    // Delta stores operation parameters as JSON values: the mode arrives as "\"Overwrite\"" on some versions.
    private static string? Unquote(string? value) => value?.Trim('"');
}
