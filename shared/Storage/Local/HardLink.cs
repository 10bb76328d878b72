namespace Handoff.Shared.Storage;

/// <summary>A second name for an existing file, when the platform and the file system allow it.</summary>
internal static class HardLink
{
    public static bool TryCreate(string existingFullPath, string newFullPath) =>
        !OperatingSystem.IsWindows() && ExclusiveMove.Link(existingFullPath, newFullPath) == 0;
}
