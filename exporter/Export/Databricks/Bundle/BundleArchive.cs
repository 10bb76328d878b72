using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Handoff.Shared.Progress;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>
/// The job binary as a <c>.tar.gz</c>, which the launcher unpacks once into the driver's local
/// disk. The archive is deterministic (one ustar entry, fixed owner, mode 0755 and time), is
/// written streaming from the binary, appears under its final name only when complete, and is
/// kept in a cache folder keyed by the binary's SHA-256, so an unchanged binary is compressed
/// once.
/// </summary>
public static class BundleArchive
{
    /// <summary>The entry's time: any fixed value keeps the bytes stable; this one no tool takes for a broken clock.</summary>
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static string DefaultCacheFolder => Path.Combine(Path.GetTempPath(), "handoff-bundles");

    /// <summary>The archive of <paramref name="binaryPath"/> (whose SHA-256 is <paramref name="binarySha256"/>), made now or found in the cache.</summary>
    public static async Task<string> CreateAsync(string binaryPath, string binarySha256, string cacheFolder, TextWriter progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheFolder);
        var target = Path.Combine(cacheFolder, $"spark-job-{binarySha256[..16]}.tar.gz");
        if (File.Exists(target))
        {
            return target;
        }

        var size = new FileInfo(binaryPath).Length;
        await progress.WriteLineAsync($"compressing spark-job ({Units.Bytes(size)}) into {LocalBundle.ArchiveName} ...");
        var partial = $"{target}.partial-{Guid.NewGuid():N}";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
            await using (var binary = File.OpenRead(binaryPath))
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, LocalBundle.BinaryName)
                {
                    DataStream = binary,
                    Mode = Executable,
                    ModificationTime = EntryTime,
                    Uid = 0,
                    Gid = 0,
                };
                await tar.WriteEntryAsync(entry, cancellationToken);
            }

            File.Move(partial, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>SHA-256 of a file, streamed, as lowercase hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
