namespace Handoff.Tests.Support;

/// <summary>Finds the repository (the folder holding Solution.sln) and the shared/ folder beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string DeltaGolden => Path.Combine(Shared, "conformance", "delta-golden");

    private static string FindRoot()
    {
        // The build output is normally inside the repo; with --artifacts-path elsewhere, this source file still is.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(SourceFilePath())! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Solution.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"no Solution.sln above {AppContext.BaseDirectory} or {SourceFilePath()}");
    }

    private static string SourceFilePath([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
