using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Handoff.Shared.Storage;

/// <summary>
/// The local counterpart of Blob Storage's Content-MD5: the MD5 an upload computed while writing
/// is kept in an extended attribute of the file, with the file's size and modification time. It is
/// trusted only while both still match — the stat check git and make rely on — so a file edited
/// afterwards is hashed again rather than believed. File systems without user xattrs simply
/// report no stored MD5.
/// </summary>
internal static class StoredContentMd5
{
    private const string AttributeName = "user.handoff.content-md5";
    private const int MaxValueBytes = 128;

    public static void Record(string fullPath, byte[] md5)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var info = new FileInfo(fullPath);
        var value = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(md5)} {info.Length} {info.LastWriteTimeUtc.Ticks}"));
        _ = SetXattr(fullPath, AttributeName, value, (nuint)value.Length, 0);
    }

    public static byte[]? Read(FileInfo info)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[MaxValueBytes];
        var length = GetXattr(info.FullName, AttributeName, buffer, (nuint)buffer.Length);
        if (length <= 0)
        {
            return null;
        }

        var parts = Encoding.ASCII.GetString(buffer, 0, (int)length).Split(' ');
        return parts.Length == 3
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size == info.Length
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks == info.LastWriteTimeUtc.Ticks
            && parts[0].Length == 32
                ? Convert.FromHexString(parts[0])
                : null;
    }

#pragma warning disable SYSLIB1054 // DllImport: LibraryImport's generated marshaller would need unsafe code in the project.
    [DllImport("libc", EntryPoint = "setxattr", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetXattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte[] value, nuint size, int flags);

    [DllImport("libc", EntryPoint = "getxattr", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint GetXattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte[] value, nuint size);
#pragma warning restore SYSLIB1054
}
