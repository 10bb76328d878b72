using System.Reflection;
using Xunit;

namespace Handoff.Tests.Architecture;

/// <summary>
/// The libraries can serve a third program: what they reference, through our own assemblies down
/// to the packages, holds no command line, no terminal, neither program, and (for those below them)
/// neither the load nor the export library.
/// </summary>
public sealed class ReusableLibraryTests
{
    private static readonly string[] CommandLineAssemblies = ["Handoff.Cli", "Handoff.Load.Cli", "Handoff.Load", "Handoff.Export", "exporter", "spark-job", "System.CommandLine", "Spectre.Console"];

    [Theory]
    [InlineData("Handoff.Delta")]
    [InlineData("Handoff.SparkConnect")]
    [InlineData("Handoff.Databricks")]
    [InlineData("Handoff.Formats")]
    [InlineData("Handoff.Exports")]
    [InlineData("Handoff.Load")]
    [InlineData("Handoff.Export")]
    public void ALibraryBelowTheCommandLineLoadsNoneOfIt(string library)
    {
        var loaded = ReferenceClosure(Assembly.Load(new AssemblyName(library)));

        Assert.Empty(loaded.Intersect(CommandLineAssemblies.Where(a => a != library), StringComparer.Ordinal));
    }

    [Fact]
    public void TheClosureSeesTheCommandLineWhereItIs()
    {
        Assert.Contains("System.CommandLine", ReferenceClosure(Assembly.Load(new AssemblyName("Handoff.Load.Cli"))));
    }

    private static HashSet<string> ReferenceClosure(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<AssemblyName>([root.GetName()]);
        while (queue.TryDequeue(out var name))
        {
            // Only our own assemblies are followed: a package is named where one of ours references it.
            if (!seen.Add(name.Name!) || (!name.Name!.StartsWith("Handoff.", StringComparison.Ordinal) && name.Name is not ("exporter" or "spark-job")))
            {
                continue;
            }

            var assembly = Assembly.Load(name);
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                queue.Enqueue(reference);
            }
        }

        return seen;
    }
}
