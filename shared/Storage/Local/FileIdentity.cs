using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Handoff.Shared.Storage;

/// <summary>
/// Which file a path names and how recently anything changed it: device and inode, size, and the
/// modification and status-change times in nanoseconds. The status-change time (ctime) moves on
/// every write, chmod, link, rename or timestamp change and no user call can set it back, which
/// is what makes it the key of <see cref="LocalMd5Cache"/> where the mtime alone was not (touch -d
/// restores an mtime). Read with statx(2), whose struct layout is the same on every Linux
/// architecture (linux include/uapi/linux/stat.h, struct statx); null off Linux or on failure.
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, long Size, long ModifiedNs, long ChangedNs)
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    // Offsets in struct statx: stx_ino 32, stx_size 40, stx_ctime 96, stx_mtime 112 (each a
    // statx_timestamp of tv_sec s64 then tv_nsec u32), stx_dev_major 136, stx_dev_minor 140.
    private const int InodeOffset = 32;
    private const int SizeOffset = 40;
    private const int ChangedOffset = 96;
    private const int ModifiedOffset = 112;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    public static FileIdentity? Of(string fullPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[StatxSize];
        return Statx(AtFdCwd, fullPath, 0, StatxBasicStats, buffer) == 0 ? Parse(buffer) : null;
    }

    /// <summary>The identity of an open file, whatever its path names now.</summary>
    public static FileIdentity? Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[StatxSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, buffer) == 0 ? Parse(buffer) : null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Same device and inode: the same file, whatever its names.</summary>
    public bool IsSameFileAs(FileIdentity other) => Device == other.Device && Inode == other.Inode;

    private static FileIdentity Parse(byte[] buffer)
    {
        var span = buffer.AsSpan();
        var device = ((ulong)MemoryMarshal.Read<uint>(span[DeviceMajorOffset..]) << 32) | MemoryMarshal.Read<uint>(span[DeviceMinorOffset..]);
        return new FileIdentity(
            device,
            MemoryMarshal.Read<ulong>(span[InodeOffset..]),
            (long)MemoryMarshal.Read<ulong>(span[SizeOffset..]),
            Nanoseconds(span[ModifiedOffset..]),
            Nanoseconds(span[ChangedOffset..]));
    }

    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (MemoryMarshal.Read<long>(timestamp) * 1_000_000_000L) + MemoryMarshal.Read<uint>(timestamp[8..]);

#pragma warning disable SYSLIB1054 // DllImport: LibraryImport's generated marshaller would need unsafe code in the project.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
#pragma warning restore SYSLIB1054
}
