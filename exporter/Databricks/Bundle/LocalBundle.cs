using System.Security.Cryptography;
using System.Text;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>One file of the bundle: its name in the bundle folder, size, SHA-256, and how to read it.</summary>
public sealed record BundleFile(string Name, long Size, string Sha256, Func<Stream> Open);

/// <summary>
/// The job bundle as built on this machine: the spark-job binary and the Python launcher. Its
/// <see cref="Hash"/> names the remote folder, so a bundle that is already there is never
/// uploaded again and two different builds never share a folder.
/// </summary>
public sealed record LocalBundle(BundleFile Binary, BundleFile Launcher)
{
    public const string BinaryName = "spark-job";
    public const string MarkerName = "bundle.json";

    public IReadOnlyList<BundleFile> Files => [Binary, Launcher];

    /// <summary>The first 16 hex digits of the SHA-256 of the file list (name, size, SHA-256 of each).</summary>
    public string Hash { get; } = HashOf([Binary, Launcher]);

    public long TotalBytes => Files.Sum(f => f.Size);

    /// <summary>The marker written last: a bundle folder without it is incomplete and is uploaded again.</summary>
    public byte[] Marker() => Encoding.UTF8.GetBytes(
        "{\"hash\":\"" + Hash + "\",\"files\":[" +
        string.Join(',', Files.Select(f => $"{{\"name\":\"{f.Name}\",\"bytes\":{f.Size},\"sha256\":\"{f.Sha256}\"}}")) + "]}\n");

    private static string HashOf(IEnumerable<BundleFile> files)
    {
        var listing = string.Concat(files.Select(f => $"{f.Name} {f.Size} {f.Sha256}\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing)))[..16];
    }
}

/// <summary>Builds the <see cref="LocalBundle"/>: publish (or take) the binary, hash it streaming, add the embedded launcher.</summary>
public static class BundleBuilder
{
    public static async Task<LocalBundle> BuildAsync(ISparkJobPublisher publisher, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var binaryPath = await publisher.PublishAsync(progress, cancellationToken);
        string sha;
        long size;
        await using (var stream = File.OpenRead(binaryPath))
        {
            size = stream.Length;
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        var launcher = LauncherScript.Bytes;
        return new LocalBundle(
            new BundleFile(LocalBundle.BinaryName, size, sha, () => File.OpenRead(binaryPath)),
            new BundleFile(LauncherScript.FileName, launcher.Length, Convert.ToHexStringLower(SHA256.HashData(launcher)), () => new MemoryStream(launcher, writable: false)));
    }
}
