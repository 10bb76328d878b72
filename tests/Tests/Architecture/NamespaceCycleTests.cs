using System.Reflection;
using Xunit;

namespace Handoff.Tests.Architecture;

/// <summary>No two modules (top-level namespaces of a project folder) use each other, directly or round a loop.</summary>
public sealed class NamespaceCycleTests
{
    private static IEnumerable<Assembly> Production() =>
        Layers.BottomUp.SelectMany(l => l).Select(name => Assembly.Load(new AssemblyName(name)));

    [Fact]
    public void NoModulesFormACycle()
    {
        var edges = NamespaceGraph.Read(Production());

        var cycles = NamespaceGraph.Cycles(edges.Keys);

        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(cycle =>
            string.Join(" ⇄ ", cycle) + ":\n  " + string.Join("\n  ", edges.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To)).Select(e => e.Value)))));
    }

    [Fact]
    public void TheGraphSeesUsesInSignaturesAndBodies()
    {
        var edges = NamespaceGraph.Read(Production());

        // Uses in signatures and in method bodies both count (the embedded engine writes through
        // our Delta code; the CLI runs the job; the writers take batches of a schema).
        Assert.Contains(("Handoff.SparkJob.Engines", "Handoff.SparkJob.Delta"), edges.Keys);
        Assert.Contains(("Handoff.SparkJob.Cli", "Handoff.SparkJob.Job"), edges.Keys);
        Assert.Contains(("Handoff.Shared.Formats", "Handoff.Shared.Schema"), edges.Keys);
    }

    [Fact]
    public void AnyLoopIsACycle()
    {
        var cycle = Assert.Single(NamespaceGraph.Cycles([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]));
        Assert.Equal(["A", "B", "C"], cycle);
        Assert.Empty(NamespaceGraph.Cycles([("A", "B"), ("B", "C"), ("A", "C")]));
    }
}
