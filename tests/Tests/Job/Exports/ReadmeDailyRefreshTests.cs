using System.Text;
using System.Text.Json.Nodes;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job.Exports;

/// <summary>
/// The README's daily refresh ("## The daily refresh"), followed as written for three simulated
/// days and a fourth with nothing new: the commands are read from the README itself, so the
/// README and this test cannot drift apart. Only <c>./out/</c> is moved into a temporary folder.
/// </summary>
public sealed class ReadmeDailyRefreshTests : IDisposable
{
    private const string Section = "## The daily refresh";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_readme_daily_example_loads_each_day_s_export_and_nothing_on_a_day_without_one()
    {
        var daily = ReadmeCommands(block: 0);
        Assert.Equal(["exporter export", "spark-job load", "spark-job validate"], daily.Select(c => $"{c.Program} {c.Args[0]}"));
        var prefix = Argument(daily[1], "--exports");
        var days = new DailyExports(prefix, Argument(daily[1], "--table"), [], _temp);

        var loaded = new List<string>();
        for (var day = 1; day <= 3; day++)
        {
            var before = Folders(prefix);
            var results = new List<CliResult>();
            foreach (var command in daily)
            {
                results.Add(await RunAsync(command));
            }

            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
            var today = Assert.Single(Folders(prefix).Except(before));
            Assert.Contains($"loaded export {today} into ", results[1].Out, StringComparison.Ordinal);
            Assert.Contains($"export {today} -> ", results[2].Out, StringComparison.Ordinal);
            Assert.Equal(new Dictionary<string, long> { [today] = 10_000 }, await days.RowsByExportAsync());
            loaded.Add(today);
        }

        var fourth = await RunAsync(daily[1]);

        Assert.Equal(3, loaded.Distinct().Count());
        Assert.True(fourth.ExitCode == 0, fourth.ToString());
        var line = Assert.Single(fourth.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"nothing new under {prefix}: ", line, StringComparison.Ordinal);
        Assert.Contains($"export {loaded[^1]} (created at ", line, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, long> { [loaded[^1]] = 10_000 }, await days.RowsByExportAsync());
    }

    [Fact]
    public async Task The_readme_daily_schedule_makes_a_job_that_runs_load_exports()
    {
        var schedule = Assert.Single(ReadmeCommands(block: 1));
        using var cli = new DatabricksCli(workspace: null);

        var dryRun = await cli.RunAsync([.. schedule.Args, "--dry-run"]);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        var body = JsonNode.Parse(dryRun.Out)!;
        var parameters = body["tasks"]![0]!["spark_python_task"]!["parameters"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal("{{job.parameters.exports}}", parameters[parameters.IndexOf("--exports") + 1]);
        Assert.Equal(Argument(schedule, "--exports"), body["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "exports")!["default"]!.GetValue<string>());
    }

    private sealed record Command(string Program, string[] Args);

    private Task<CliResult> RunAsync(Command command) =>
        command.Program == "exporter" ? Cli.ExporterAsync(command.Args) : Cli.SparkJobAsync(command.Args);

    private static string Argument(Command command, string option) => command.Args[Array.IndexOf(command.Args, option) + 1];

    private static HashSet<string> Folders(string prefix) =>
        Directory.Exists(prefix) ? Directory.GetDirectories(prefix).Select(d => Path.GetFileName(d)!).ToHashSet(StringComparer.Ordinal) : [];

    /// <summary>The <c>dotnet run --project P -- ...</c> lines of the section's n-th bash block, continuation lines joined, ./out/ moved to the temp folder.</summary>
    private List<Command> ReadmeCommands(int block)
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var section = readme[readme.IndexOf(Section, StringComparison.Ordinal)..];
        var text = section.Split("```bash\n")[block + 1].Split("```")[0];
        var commands = new List<Command>();
        foreach (var line in text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
        {
            var words = ShellWords(line.Trim());
            if (words is ["dotnet", "run", "--project", var program, "--", .. var args])
            {
                commands.Add(new Command(program, args.Select(a => a.StartsWith("./out/", StringComparison.Ordinal) ? _temp.Combine(a["./out/".Length..]) : a).ToArray()));
            }
        }

        return commands;
    }

    /// <summary>Splits a command line as the shell does for the README's lines: spaces, double quotes, # comments.</summary>
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == '#' && !quoted && !any)
            {
                break;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
