using System.Runtime.InteropServices;

namespace Handoff.Shared.Storage;

/// <summary>
/// Moves a finished temp file to a target path only if nothing is there, atomically: of several
/// racing writers exactly one wins, and readers see the whole file or none. .NET's
/// File.Move(overwrite: false) checks then renames on Unix, which races; link(2) fails with
/// EEXIST instead, so we link and then drop the temp name. Windows' MoveFileEx without
/// REPLACE_EXISTING is already exclusive.
/// </summary>
internal static class ExclusiveMove
{
    private const int EEXIST = 17;

    /// <summary>Returns false, leaving the temp file in place, when the target already exists.</summary>
    public static bool TryMove(string tempFullPath, string targetFullPath)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(tempFullPath, targetFullPath, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(targetFullPath))
            {
                return false;
            }
        }

        if (Link(tempFullPath, targetFullPath) == 0)
        {
            File.Delete(tempFullPath);
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST || File.Exists(targetFullPath))
        {
            return false;
        }

        throw new IOException($"cannot create '{targetFullPath}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    // DllImport rather than LibraryImport: the generated marshaller would need unsafe code in the project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "link", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existingPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
#pragma warning restore SYSLIB1054
}
