using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// The Python side, run with the machine's python3 (standard library only): the launcher's unit
/// tests (tests/launcher, dbutils faked), one xunit case per test class, and every notebook
/// checked for the Databricks source format and compiled with <c>python3 -m py_compile</c>.
/// </summary>
public sealed partial class PythonTests
{
    private static readonly string LauncherTests = Path.Combine(RepoPaths.Root, "tests", "launcher");

    public static TheoryData<string> LauncherTestClasses() => new(LauncherTestClassNames());

    public static TheoryData<string> Notebooks() => new(NotebookNames());

    [Fact]
    public void The_launcher_tests_and_the_three_notebooks_are_found()
    {
        Assert.True(LauncherTestClassNames().Count >= 4);
        Assert.Equal(["explore_table.py", "mount_container.py", "validation_history.py"], NotebookNames());
    }

    [Theory]
    [MemberData(nameof(LauncherTestClasses))]
    public async Task Launcher_unit_tests_pass(string testClass)
    {
        var (code, output) = await RunPythonAsync(LauncherTests, "-m", "unittest", "-v", $"test_handoff_launcher.{testClass}");

        Assert.True(code == 0, $"python3 -m unittest test_handoff_launcher.{testClass} exited {code}:\n{output}");
        Assert.Matches(@"Ran [1-9][0-9]* tests?", output);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebooks_are_in_databricks_source_format_and_compile(string notebook)
    {
        var path = Path.Combine(RepoPaths.Root, "notebooks", notebook);
        var lines = await File.ReadAllLinesAsync(path);

        Assert.Equal("# Databricks notebook source", lines[0]);
        Assert.True(lines.Count(l => l == "# COMMAND ----------") >= 2, $"{notebook} has fewer than three cells");
        Assert.All(lines.Where(l => l.StartsWith("# MAGIC", StringComparison.Ordinal)), l => Assert.True(l == "# MAGIC" || l.StartsWith("# MAGIC ", StringComparison.Ordinal), l));
        var (code, output) = await RunPythonAsync(RepoPaths.Root, "-m", "py_compile", path);
        Assert.True(code == 0, $"python3 -m py_compile {notebook} failed:\n{output}");
    }

    [Fact]
    public async Task The_launcher_is_a_plain_python_file_so_workspace_import_keeps_it_a_file()
    {
        var launcher = Path.Combine(RepoPaths.Root, "spark-job", "launcher", "handoff_launcher.py");
        var first = (await File.ReadAllLinesAsync(launcher))[0];

        Assert.NotEqual("# Databricks notebook source", first);
        var (code, output) = await RunPythonAsync(RepoPaths.Root, "-m", "py_compile", launcher);
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task The_exporter_reads_the_markers_the_launcher_it_bundles_prints()
    {
        // The launcher as the bundle ships it, run end to end on a fake job that writes a failed
        // report and exits 1: what the exporter parses out of its log must be that report and code.
        using var temp = new TempFolder();
        await File.WriteAllBytesAsync(temp.Combine(LauncherScript.FileName), LauncherScript.Bytes);
        await File.WriteAllTextAsync(temp.Combine("spark-job"), """
            #!/bin/sh
            while [ $# -gt 0 ]; do
              if [ "$1" = "--report-json" ]; then printf '{"exportId": "e1", "table": "t", "version": 1, "startedAt": "2025-01-01T00:00:00Z", "passed": false, "checks": [{"name": "row count", "expected": "10", "actual": "9", "status": "failed"}]}' > "$2"; fi
              shift
            done
            exit 1
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        const string Script = """
            import sys
            import handoff_launcher
            class Runtime:
                dbutils = None
                def host(self): return "https://adb-1.2.azuredatabricks.net"
                def token(self): return "dapi-test"
                def cluster_id(self): return "0101-000000-abc"
            sys.exit(handoff_launcher.main(["--binary", "spark-job", "--local-dir", "local", "--", "load"], runtime=Runtime()))
            """;

        var (code, output) = await RunPythonAsync(temp.Path, "-c", Script);
        var parsed = LauncherOutput.Parse(output);

        Assert.True(code == 1, output);
        Assert.Equal(1, parsed.ExitCode);
        Assert.Equal("e1", parsed.Report?["exportId"]?.GetValue<string>());
        Assert.Equal("row count", parsed.Validation?.Checks.Single().Name);
        Assert.False(parsed.Passed);
        Assert.DoesNotContain(parsed.Tail, l => l.StartsWith(LauncherOutput.ReportMarker, StringComparison.Ordinal) || l.StartsWith(LauncherOutput.ExitMarker, StringComparison.Ordinal));
    }

    private static List<string> LauncherTestClassNames() =>
        TestClassPattern().Matches(File.ReadAllText(Path.Combine(LauncherTests, "test_handoff_launcher.py"))).Select(m => m.Groups[1].Value).ToList();

    private static List<string> NotebookNames() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "notebooks"), "*.py").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    private static async Task<(int Code, string Output)> RunPythonAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("python3")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Compiled bytecode goes to a temp folder, never into the repository.
        start.Environment["PYTHONPYCACHEPREFIX"] = Path.Combine(Path.GetTempPath(), "handoff-pycache");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start; the Python tests need python3 on PATH");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    [GeneratedRegex(@"^class (\w+)\(unittest\.TestCase\):", RegexOptions.Multiline)]
    private static partial Regex TestClassPattern();
}
