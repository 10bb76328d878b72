using System.Security.Cryptography;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>Builds the <see cref="LocalBundle"/>: publish (or take) the binary, hash it and compress it streaming, add the embedded launcher.</summary>
public static class BundleBuilder
{
    public static async Task<LocalBundle> BuildAsync(ISparkJobPublisher publisher, TextWriter progress, CancellationToken cancellationToken, string? archiveFolder = null)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var binaryPath = await publisher.PublishAsync(progress, cancellationToken);
        var binarySha = await BundleArchive.Sha256Async(binaryPath, cancellationToken);
        var binaryBytes = new FileInfo(binaryPath).Length;
        var archivePath = await BundleArchive.CreateAsync(binaryPath, binarySha, archiveFolder ?? BundleArchive.DefaultCacheFolder, progress, cancellationToken);
        var archiveSha = await BundleArchive.Sha256Async(archivePath, cancellationToken);
        var launcher = LauncherScript.Bytes;
        return new LocalBundle(
            new BundleFile(LocalBundle.ArchiveName, new FileInfo(archivePath).Length, archiveSha, () => File.OpenRead(archivePath)),
            new BundleFile(LauncherScript.FileName, launcher.Length, Convert.ToHexStringLower(SHA256.HashData(launcher)), () => new MemoryStream(launcher, writable: false)),
            binarySha,
            binaryBytes);
    }
}
