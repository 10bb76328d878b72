using System.Text.RegularExpressions;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Architecture;

/// <summary>
/// The libraries below the command line (layers under Handoff.Cli: Handoff.Load and Handoff.Export
/// included) name none of its flags: their errors are typed and carry the facts, and the programs
/// say them with their options (docs/architecture.md, "Projects"). A flag is "--" and a letter,
/// not joined to a word before it, inside a string literal that holds a space: a literal that is
/// only a flag ("--archive", an argument passed to another program) is not a message.
/// </summary>
public sealed partial class FlagFreeLibraryTests
{
    [Fact]
    public void NoStringLiteralBelowTheCommandLineNamesAFlag()
    {
        var found = LibrarySourceFiles()
            .SelectMany(file => CSharpStringLiterals.Read(File.ReadAllText(file)).Select(literal => (file, literal)))
            .Where(f => NamesAFlag(f.literal.Text))
            .Select(f => $"{Path.GetRelativePath(RepoPaths.Root, f.file)}:{f.literal.Line}: \"{f.literal.Text}\"")
            .ToList();

        Assert.True(found.Count == 0, "string literals below the command line that name a flag:\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("\"no files match; --files names a folder\"", true)]
    [InlineData("$\"{root} has no .DONE file, and --require-done asks for one\"", true)]
    [InlineData("@\"add --force\"", true)]
    [InlineData("\"\"\"\n    pass --remote\n    \"\"\"", true)]
    [InlineData("$\"{(a ? \"x\" : \"y\")} then --sas\"", true)]
    [InlineData("// a comment about --force\n\"nothing\"", false)]
    [InlineData("/* --force */ \"nothing\"", false)]
    [InlineData("\"--profile\"", false)]
    [InlineData("\"a - b -- 1\"", false)]
    [InlineData("\"run 'databricks auth login --host https://x'\"", false)]
    [InlineData("$\"--bundle-binary {path}: no such file\"", true)]
    [InlineData("\"load it again (--stream x)\"", true)]
    [InlineData("\"--archive\"", false)]
    [InlineData("\"a pre--release build\"", false)]
    public void TheCheckSeesFlagsInEveryLiteralFormAndNowhereElse(string source, bool flagged)
    {
        Assert.Equal(flagged, CSharpStringLiterals.Read(source).Any(l => NamesAFlag(l.Text)));
    }

    /// <summary>
    /// " --" and a letter, except in the command line of the Databricks CLI, another program, that
    /// messages tell a user to run ("databricks auth login --host ...").
    /// </summary>
    private static bool NamesAFlag(string text) =>
        text.Any(char.IsWhiteSpace) && Flag().IsMatch(DatabricksCliCommand().Replace(text, string.Empty));

    private static IEnumerable<string> LibrarySourceFiles()
    {
        var cli = Layers.RankOf("Handoff.Cli")!.Value;
        var projects = ProjectGraph.Read(RepoPaths.Root);
        var folders = projects.Select(p => Path.GetDirectoryName(Path.Combine(RepoPaths.Root, p.Path))!).ToList();
        var libraries = projects.Where(p => Layers.RankOf(p.Assembly) < cli).ToList();
        Assert.Equal(Layers.BottomUp.Take(cli).Sum(l => l.Count), libraries.Count);
        foreach (var library in libraries)
        {
            var folder = Path.GetDirectoryName(Path.Combine(RepoPaths.Root, library.Path))!;

            // A project folder nested inside this one holds another project's sources.
            var nested = folders.Where(f => f != folder && f.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var parts = Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar);
                if (!parts.Any(part => part is "bin" or "obj") && !nested.Any(n => file.StartsWith(n + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                {
                    yield return file;
                }
            }
        }
    }

    [GeneratedRegex(@"(?<![\w-])--[A-Za-z]")]
    private static partial Regex Flag();

    [GeneratedRegex(@"databricks auth [a-z]+ --[a-z-]+")]
    private static partial Regex DatabricksCliCommand();
}
