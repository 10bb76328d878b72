using System.Xml.Linq;

namespace Handoff.Tests.Architecture;

/// <summary>A production project as its .csproj declares it: assembly name, whether it is an executable, what it references.</summary>
public sealed record ProjectNode(string Assembly, string Path, bool IsExecutable, IReadOnlyList<string> References);

/// <summary>Reads the .csproj files under the source folders and says which references break the layer order.</summary>
public static class ProjectGraph
{
    public static IReadOnlyList<ProjectNode> Read(string root)
    {
        var files = Layers.SourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(System.IO.Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories))
            .Where(f => !f.Split(System.IO.Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(System.IO.Path.GetFullPath)
            .ToList();
        var byPath = files.ToDictionary(f => f, Describe, StringComparer.Ordinal);
        return [.. files.Select(f =>
        {
            var (assembly, isExe, references) = byPath[f];
            var names = references
                .Select(r => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(f)!, r)))
                .Select(r => byPath.TryGetValue(r, out var target) ? target.Assembly : "?" + r)
                .ToList();
            return new ProjectNode(assembly, System.IO.Path.GetRelativePath(root, f), isExe, names);
        })];
    }

    /// <summary>The projects <paramref name="csproj"/> references, directly or through others.</summary>
    public static IReadOnlyList<ProjectNode> Closure(string root, string csproj)
    {
        var seen = new Dictionary<string, ProjectNode>(StringComparer.Ordinal);
        var queue = new Queue<string>([System.IO.Path.GetFullPath(System.IO.Path.Combine(root, csproj))]);
        while (queue.TryDequeue(out var file))
        {
            if (seen.ContainsKey(file))
            {
                continue;
            }

            var (assembly, isExe, references) = Describe(file);
            var paths = references.Select(r => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, r))).ToList();
            seen[file] = new ProjectNode(assembly, System.IO.Path.GetRelativePath(root, file), isExe, paths);
            foreach (var path in paths)
            {
                queue.Enqueue(path);
            }
        }

        return [.. seen.Values.Skip(1)];
    }

    /// <summary>Every reference that breaks the rules, said for a person; empty when the graph is sound.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyList<ProjectNode> projects)
    {
        var problems = new List<string>();
        var executables = projects.Where(p => p.IsExecutable).Select(p => p.Assembly).ToHashSet(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var rank = Layers.RankOf(project.Assembly);
            if (rank is null)
            {
                problems.Add($"{project.Path}: {project.Assembly} is in no layer of tests/Tests/Architecture/Layers.cs");
                continue;
            }

            foreach (var reference in project.References)
            {
                if (executables.Contains(reference))
                {
                    problems.Add($"{project.Path}: references the executable {reference}; move what it needs into a library");
                }
                else if (Layers.RankOf(reference) is not { } target)
                {
                    problems.Add($"{project.Path}: references {reference}, which is in no layer");
                }
                else if (target >= rank)
                {
                    problems.Add($"{project.Path}: {project.Assembly} (layer {rank}) references {reference} (layer {target}); a project references only lower layers");
                }
            }
        }

        return problems;
    }

    private static (string Assembly, bool IsExecutable, IReadOnlyList<string> References) Describe(string csproj)
    {
        var document = XDocument.Load(csproj);
        var properties = document.Descendants().Where(e => e.Parent?.Name.LocalName == "PropertyGroup").ToList();
        string? Property(string name) => properties.LastOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
        var assembly = Property("AssemblyName") ?? System.IO.Path.GetFileNameWithoutExtension(csproj);
        var isExe = string.Equals(Property("OutputType"), "Exe", StringComparison.OrdinalIgnoreCase);
        var references = document.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => e.Attribute("Include")!.Value.Replace('\\', System.IO.Path.DirectorySeparatorChar).Replace('/', System.IO.Path.DirectorySeparatorChar))
            .ToList();
        return (assembly, isExe, references);
    }
}
