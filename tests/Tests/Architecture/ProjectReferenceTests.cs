using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Architecture;

/// <summary>The .csproj references keep the layer order: a library never reaches up, no executable references another.</summary>
public sealed class ProjectReferenceTests
{
    [Fact]
    public void EveryProductionProjectReferencesOnlyLowerLayers()
    {
        var projects = ProjectGraph.Read(RepoPaths.Root);

        Assert.Empty(ProjectGraph.Violations(projects));
    }

    [Fact]
    public void EveryLayeredProjectExistsAndTheExecutablesKeepTheirNames()
    {
        var projects = ProjectGraph.Read(RepoPaths.Root);

        Assert.Equal(Layers.BottomUp.SelectMany(l => l).Order(StringComparer.Ordinal), projects.Select(p => p.Assembly).Order(StringComparer.Ordinal));
        Assert.Equal(["exporter", "spark-job"], projects.Where(p => p.IsExecutable).Select(p => p.Assembly).Order(StringComparer.Ordinal));

        // The command lines `dotnet run --project exporter` and `--project spark-job` are contracts.
        Assert.Contains(projects, p => p.Assembly == "exporter" && p.Path == Path.Combine("exporter", "Exporter.csproj"));
        Assert.Contains(projects, p => p.Assembly == "spark-job" && p.Path == Path.Combine("spark-job", "SparkJob.csproj"));
    }

    /// <summary>The Delta and Spark Connect suites use their library as a third program would.</summary>
    [Theory]
    [InlineData("tests/Delta.Tests/Delta.Tests.csproj", "Handoff.Delta")]
    [InlineData("tests/SparkConnect.Tests/SparkConnect.Tests.csproj", "Handoff.SparkConnect")]
    public void ALibrarySuiteReachesNoProgramAndNoCommandLine(string suite, string library)
    {
        var reached = ProjectGraph.Closure(RepoPaths.Root, suite);

        Assert.Contains(reached, p => p.Assembly == library);
        Assert.DoesNotContain(reached, p => p.IsExecutable);
        Assert.DoesNotContain(reached, p => p.Assembly is "Handoff.Cli" or "Handoff.Load.Cli" or "Handoff.Load" or "Handoff.Export");
    }

    [Fact]
    public void ALibraryReferencingAHigherLayerIsReported()
    {
        var projects = ProjectGraph.Read(RepoPaths.Root)
            .Select(p => p.Assembly == "Handoff.Delta" ? p with { References = [.. p.References, "Handoff.Load"] } : p)
            .ToList();

        var problem = Assert.Single(ProjectGraph.Violations(projects));
        Assert.Contains("Handoff.Delta (layer 2) references Handoff.Load (layer 3)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExecutableReferencingAnotherIsReported()
    {
        var projects = ProjectGraph.Read(RepoPaths.Root)
            .Select(p => p.Assembly == "exporter" ? p with { References = [.. p.References, "spark-job"] } : p)
            .ToList();

        var problem = Assert.Single(ProjectGraph.Violations(projects));
        Assert.Contains("references the executable spark-job", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AProjectInNoLayerIsReported()
    {
        var projects = ProjectGraph.Read(RepoPaths.Root).Append(new ProjectNode("Handoff.Stray", "shared/Stray/Handoff.Stray.csproj", false, [])).ToList();

        Assert.Contains(ProjectGraph.Violations(projects), p => p.Contains("Handoff.Stray is in no layer", StringComparison.Ordinal));
    }
}
