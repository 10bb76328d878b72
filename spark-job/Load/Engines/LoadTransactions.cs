using Handoff.Shared.Manifest;
using Handoff.SparkJob.Delta.Transactions;

namespace Handoff.SparkJob.Engines;

/// <summary>
/// The Delta <c>txn</c> (appId, version) a load commits with, the same for both engines (the
/// embedded engine writes it itself, the spark engine through Delta's txnAppId/txnVersion).
/// Delta skips or refuses a commit whose version is not above the one the table records for its
/// appId (delta-io/delta spark/.../commands/DeltaCommand.scala, hasBeenExecuted: "currentVersion
/// &gt;= version"), so the appId decides what "already loaded" means:
/// <list type="bullet">
/// <item>overwrite: appId = the stream, version = the export's createdAt in ms. Newer wins: an
/// export not newer than the one the stream last loaded is skipped, and a re-run too.</item>
/// <item>append: appId = <c>&lt;stream&gt;#export=&lt;export-id&gt;</c>, version = createdAt in ms:
/// one appId per export, so an export is appended once, and an older export appended after a
/// newer one is still loaded.</item>
/// </list>
/// Export ids cannot hold '#' or '=' (<see cref="ExportIdRules"/>), so a per-export appId names
/// its stream and export unambiguously.
/// </summary>
public static class LoadTransactions
{
    public const string ExportMarker = "#export=";

    public static string AppIdFor(DeltaWriteMode mode, string stream, string exportId) =>
        mode == DeltaWriteMode.Overwrite ? stream : AppendAppId(stream, exportId);

    /// <summary>The appId that records one export appended by one stream.</summary>
    public static string AppendAppId(string stream, string exportId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(exportId);
        return stream + ExportMarker + exportId;
    }

    public static long VersionOf(ExportManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return VersionOf(manifest.CreatedAt);
    }

    public static long VersionOf(DateTimeOffset createdAt) => createdAt.ToUnixTimeMilliseconds();

    /// <summary>The export id a per-export appId of <paramref name="stream"/> records, or null when the appId is not one.</summary>
    public static string? AppendedExportId(string appId, string stream)
    {
        ArgumentNullException.ThrowIfNull(appId);
        var prefix = stream + ExportMarker;
        if (!appId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var exportId = appId[prefix.Length..];
        return ExportIdRules.Problem(exportId) is null ? exportId : null;
    }
}
