using System.Globalization;
using System.Text;

namespace Handoff.Shared.Storage;

/// <summary>
/// The local counterpart of Blob Storage's Content-MD5: the MD5 of a file whose bytes this
/// machine hashed (an upload while writing, a copy or a verification while reading), kept with
/// the file's <see cref="FileIdentity"/> — device, inode, size, mtime and ctime. An entry counts
/// only while all five still match, so any change to the file (even one whose mtime was set back)
/// or a new file under the same name drops it. The entries live in a cache folder of this machine
/// (<c>$HANDOFF_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/handoff</c>, else <c>~/.cache/handoff</c>),
/// not beside the data, so recording one never touches the file it describes (an extended
/// attribute would change the very ctime it records). One small file per entry; the folder can
/// be deleted at any time, which only means files are hashed again. Off Linux, nothing is cached.
/// </summary>
internal static class LocalMd5Cache
{
    public const string FolderVariable = "HANDOFF_CACHE_DIR";

    private static readonly Lazy<string?> Folder = new(FindFolder);

    /// <summary>The MD5 recorded for the file as it is now, or null.</summary>
    public static byte[]? Read(string fullPath)
    {
        if (Folder.Value is not { } folder || FileIdentity.Of(fullPath) is not { } identity)
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(Path.Combine(folder, EntryName(identity)), Encoding.ASCII);
            var parts = text.Split(' ');
            return parts.Length == 2 && parts[1] == Key(identity) && parts[0].Length == 32
                ? Convert.FromHexString(parts[0])
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records that the file, as <paramref name="before"/> describes it, holds bytes whose MD5 is
    /// <paramref name="md5"/>. <paramref name="before"/> must be taken before the bytes were read:
    /// a change while hashing then leaves an entry that never matches.
    /// </summary>
    public static void Record(FileIdentity? before, byte[] md5)
    {
        if (Folder.Value is not { } folder || before is not { } identity)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
            var entry = Path.Combine(folder, EntryName(identity));
            var temp = TempFileNames.For(entry);
            File.WriteAllText(temp, $"{Convert.ToHexStringLower(md5)} {Key(identity)}", Encoding.ASCII);
            File.Move(temp, entry, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only means hashing again later.
        }
    }

    private static string EntryName(FileIdentity identity) =>
        string.Create(CultureInfo.InvariantCulture, $"{identity.Device:x}-{identity.Inode:x}");

    private static string Key(FileIdentity identity) =>
        string.Create(CultureInfo.InvariantCulture, $"{identity.Device:x}:{identity.Inode:x}:{identity.Size}:{identity.ModifiedNs}:{identity.ChangedNs}");

    private static string? FindFolder()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var root = Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } explicitFolder
            ? explicitFolder
            : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? Path.Combine(xdg, "handoff")
                : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home
                    ? Path.Combine(home, ".cache", "handoff")
                    : null;
        return root is null ? null : Path.Combine(root, "md5");
    }
}
