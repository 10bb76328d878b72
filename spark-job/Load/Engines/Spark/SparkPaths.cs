using Handoff.Shared.Input;
using Handoff.Shared.Storage;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// Our storage locations as paths Spark reads: Blob Storage as <c>abfss://container@account.dfs.…/prefix</c>;
/// a local path as it is (on Databricks, <c>/Volumes/…</c> and <c>/mnt/…</c> are Spark paths
/// too), except that the driver's FUSE view <c>/dbfs/…</c> becomes <c>dbfs:/…</c>.
/// </summary>
public static class SparkPaths
{
    public static string For(StorageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location switch
        {
            BlobLocation blob => Abfss(blob),
            LocalLocation local when local.FullPath.StartsWith("/dbfs/", StringComparison.Ordinal) => "dbfs:/" + local.FullPath["/dbfs/".Length..],
            LocalLocation local => local.FullPath,
            _ => throw new InputArgumentException($"Spark cannot read {location}"),
        };
    }

    /// <summary>A file under a folder location: "&lt;folder&gt;/&lt;relative path&gt;".</summary>
    public static string Combine(string folder, string relativePath) => folder.TrimEnd('/') + "/" + relativePath.TrimStart('/');

    private static string Abfss(BlobLocation blob)
    {
        var host = blob.ServiceUri.Host;
        var marker = ".blob.";
        var at = host.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at <= 0)
        {
            throw new InputArgumentException($"Spark cannot reach {blob}: only Azure storage accounts (<account>.blob.core.windows.net) can be read by a cluster, not an emulator");
        }

        var suffix = host[(at + marker.Length)..];
        return $"abfss://{blob.Container}@{blob.AccountName}.dfs.{suffix}" + (blob.Prefix.Length == 0 ? string.Empty : "/" + blob.Prefix.Trim('/'));
    }
}
