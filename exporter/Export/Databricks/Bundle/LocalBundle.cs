using System.Security.Cryptography;
using System.Text;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>One file of the bundle: its name in the bundle folder, size, SHA-256, and how to read it.</summary>
public sealed record BundleFile(string Name, long Size, string Sha256, Func<Stream> Open);

/// <summary>
/// The job bundle as built on this machine: the spark-job binary compressed into
/// <see cref="ArchiveName"/>, and the Python launcher. <see cref="Hash"/> names the remote folder
/// and depends only on what runs (the binary's and the launcher's contents), so a bundle already
/// there is never uploaded again and two different builds never share a folder.
/// </summary>
public sealed record LocalBundle(BundleFile Archive, BundleFile Launcher, string BinarySha256, long BinaryBytes)
{
    public const string ArchiveName = "spark-job.tar.gz";

    /// <summary>The binary's name inside the archive, and on the driver once unpacked.</summary>
    public const string BinaryName = "spark-job";

    public const string MarkerName = "bundle.json";

    public IReadOnlyList<BundleFile> Files => [Archive, Launcher];

    /// <summary>The first 16 hex digits of the SHA-256 of the layout and of what runs (the binary and the launcher).</summary>
    public string Hash { get; } = HashOf(BinarySha256, BinaryBytes, Launcher);

    /// <summary>The bytes uploaded: the compressed archive and the launcher.</summary>
    public long TotalBytes => Files.Sum(f => f.Size);

    /// <summary>The marker written last: a bundle folder without it is incomplete and is uploaded again.</summary>
    public byte[] Marker() => Encoding.UTF8.GetBytes(
        "{\"hash\":\"" + Hash + "\",\"binary\":{\"name\":\"" + BinaryName + "\",\"bytes\":" + BinaryBytes + ",\"sha256\":\"" + BinarySha256 + "\"},\"files\":[" +
        string.Join(',', Files.Select(f => $"{{\"name\":\"{f.Name}\",\"bytes\":{f.Size},\"sha256\":\"{f.Sha256}\"}}")) + "]}\n");

    public RemoteBundle At(BundleLocation location) => new(location, Hash, BinarySha256);

    private static string HashOf(string binarySha256, long binaryBytes, BundleFile launcher)
    {
        var listing = $"layout {ArchiveName}\n{BinaryName} {binaryBytes} {binarySha256}\n{launcher.Name} {launcher.Size} {launcher.Sha256}\n";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing)))[..16];
    }
}
