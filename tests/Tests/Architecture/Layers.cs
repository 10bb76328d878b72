namespace Handoff.Tests.Architecture;

/// <summary>
/// The production projects from the bottom up (docs/architecture.md, "Projects"). A project may
/// reference only projects of a lower layer; the executables sit on top and reference no other
/// executable. A new project must be placed here, or the tests that read the .csproj files fail.
/// </summary>
public static class Layers
{
    public static IReadOnlyList<IReadOnlyList<string>> BottomUp { get; } =
    [
        ["Handoff.Contracts", "Handoff.Storage"],
        ["Handoff.Formats", "Handoff.Databricks"],
        ["Handoff.Exports", "Handoff.Delta", "Handoff.SparkConnect"],
        ["Handoff.Load", "Handoff.Export"],
        ["Handoff.Cli"],
        ["Handoff.Load.Cli"],
        ["exporter", "spark-job"],
    ];

    /// <summary>The folders that hold production projects (tests/ is not one of them).</summary>
    public static IReadOnlyList<string> SourceFolders { get; } = ["shared", "exporter", "spark-job"];

    public static int? RankOf(string assembly)
    {
        for (var rank = 0; rank < BottomUp.Count; rank++)
        {
            if (BottomUp[rank].Contains(assembly, StringComparer.Ordinal))
            {
                return rank;
            }
        }

        return null;
    }
}
