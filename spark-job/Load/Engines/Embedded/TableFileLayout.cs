using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>
/// Where a load puts an export's files in the table: <c>&lt;export-id&gt;/&lt;load-id&gt;/&lt;file&gt;</c>
/// (a CSV, JSON or Avro file gets <c>.parquet</c> appended). The load id is new for every load,
/// so a live data file is never written again and a commit never removes and adds the same path
/// (PROTOCOL.md: a log entry "MUST NOT include more than one action that reconciles with each
/// other"); a failed or skipped load can delete what it wrote without touching anything live.
/// Tables loaded before load ids have <c>&lt;export-id&gt;/&lt;file&gt;</c>; both map back to the
/// manifest's files, which is how validation takes per-file row counts from the Delta stats.
/// </summary>
internal static partial class TableFileLayout
{
    /// <summary>A new load id: the UTC time, sortable, then 32 random bits ("load-20261206T041500Z-3fa94c1b").</summary>
    public static string NewLoadId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"load-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");

    public static string TablePathOf(ExportManifest manifest, string loadId, string manifestPath, bool converted) =>
        $"{manifest.ExportId}/{loadId}/{manifestPath}{(converted ? ".parquet" : string.Empty)}";

    /// <summary>
    /// The manifest file a table data file holds, or null when the path is not one of the export's
    /// files (under either layout). <paramref name="manifestPaths"/> resolves the one ambiguity: an
    /// old-layout file whose own path starts with a folder named like a load id.
    /// </summary>
    public static string? ManifestPathOf(string tablePath, ExportManifest manifest, IReadOnlySet<string> manifestPaths)
    {
        var prefix = manifest.ExportId + "/";
        if (!tablePath.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = tablePath[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && LoadIdPattern().IsMatch(rest[..slash]) && Source(rest[(slash + 1)..], manifest, manifestPaths) is { } loaded)
        {
            return loaded;
        }

        return Source(rest, manifest, manifestPaths);
    }

    /// <summary>True for a path a load of ours writes: <c>&lt;export-id&gt;/&lt;load-id&gt;/...parquet</c>.</summary>
    public static bool IsLoadDataFile(string tablePath)
    {
        var parts = tablePath.Split('/');
        return parts.Length >= 3
            && ExportIdRules.Problem(parts[0]) is null
            && LoadIdPattern().IsMatch(parts[1])
            && tablePath.EndsWith(".parquet", StringComparison.Ordinal);
    }

    private static string? Source(string file, ExportManifest manifest, IReadOnlySet<string> manifestPaths)
    {
        if (manifest.Format.Type != FileFormat.Parquet)
        {
            if (!file.EndsWith(".parquet", StringComparison.Ordinal))
            {
                return null;
            }

            file = file[..^".parquet".Length];
        }

        return manifestPaths.Contains(file) ? file : null;
    }

    [GeneratedRegex(@"^load-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex LoadIdPattern();
}
