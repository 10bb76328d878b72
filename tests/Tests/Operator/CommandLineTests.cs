using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Operator;

/// <summary>The command line as a person meets it: mistakes named with a suggestion, JSON errors, help that fits the command.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task An_unknown_command_is_named_with_the_nearest_one()
    {
        var result = await Cli.ExporterAsync("exprot");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'exprot' for 'exporter'. Did you mean 'export'?", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_option_gets_one_error_and_a_suggestion()
    {
        var result = await Cli.ExporterAsync("export", "--sample-row", "10", "--to", "x");

        Assert.Equal(2, result.ExitCode);
        var errors = result.Error.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["error: unknown option '--sample-row' for 'exporter export'. Did you mean '--sample-rows'?"], errors);
        Assert.Contains("Run 'exporter export --help' for usage.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_spark_job_option_is_suggested_too()
    {
        var result = await Cli.SparkJobAsync("validate", "--manifest", "m", "--table", "t", "--verion", "3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Did you mean '--version'?", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exporter", new[] { "export", "--sample-rows", "abc", "--to", "x" }, "--sample-rows expected a whole number, got 'abc'.")]
    [InlineData("exporter", new[] { "export", "--sample-rows", "10", "--split-rows", "1e3", "--to", "x" }, "--split-rows expected a whole number, got '1e3'.")]
    [InlineData("spark-job", new[] { "validate", "--manifest", "m", "--table", "t", "--version", "latest" }, "--version expected a whole number, got 'latest'.")]
    [InlineData("exporter", new[] { "runs", "list", "--limit", "ten" }, "--limit expected a whole number, got 'ten'.")]
    public async Task A_number_that_does_not_parse_names_the_option_and_says_a_whole_number_was_expected(string program, string[] args, string message)
    {
        var result = program == "exporter" ? await Cli.ExporterAsync(args) : await Cli.SparkJobAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: " + message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_a_parse_error_is_one_json_object_on_stdout()
    {
        var result = await Cli.ExporterAsync("export", "--sample-row", "10", "--to", "x", "--json");

        Assert.Equal(2, result.ExitCode);
        var json = result.Json();
        Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("bad-input", json.GetProperty("kind").GetString());
        Assert.Contains("Did you mean '--sample-rows'?", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bare_exporter_lists_the_commands_and_points_to_help_with_one_space()
    {
        var result = await Cli.ExporterAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no command given to 'exporter': choose one of export, run,", result.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'exporter --help' for usage.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("  --help", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exporter", "export", "3 source error", "1 validation failed")]
    [InlineData("exporter", "run", "1 validation failed", "5 Databricks")]
    [InlineData("exporter", "submit", "5 Databricks run failed", "3 source error")]
    [InlineData("exporter", "schedule", "5 Databricks run failed", "1 validation failed")]
    [InlineData("spark-job", "load", "1 validation failed", "3 source error")]
    [InlineData("spark-job", "inspect", "4 storage error", "1 validation failed")]
    [InlineData("spark-job", "vacuum", "4 storage error", "5 Databricks")]
    [InlineData("spark-job", "load", "75 nothing new to load", "3 source error")]
    [InlineData("spark-job", "validate", "1 validation failed", "75 nothing new")]
    [InlineData("exporter", "export", "3 source error", "75 nothing new")]
    public async Task Each_command_lists_only_its_own_exit_codes(string program, string command, string listed, string absent)
    {
        var result = program == "exporter" ? await Cli.ExporterAsync(command, "--help") : await Cli.SparkJobAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(listed, result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(absent, result.Out, StringComparison.Ordinal);
        Assert.Contains("130 cancelled", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_programs_name_the_workspace_host_and_verbosity_alike_and_hide_the_old_spellings()
    {
        var exporter = await Cli.ExporterAsync("submit", "--help");
        var sparkJob = await Cli.SparkJobAsync("load", "--help");
        var register = await Cli.SparkJobAsync("register", "--help");

        foreach (var help in new[] { exporter.Out, sparkJob.Out, register.Out })
        {
            Assert.Contains("--host <URL>", help, StringComparison.Ordinal);
            Assert.Contains("--verbose", help, StringComparison.Ordinal);
            Assert.DoesNotContain("--databricks-host", help, StringComparison.Ordinal);
            Assert.DoesNotContain("--debug", help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_old_spellings_still_work()
    {
        // --databricks-host is still spark-job's; here it reaches the check that Databricks options need --engine spark.
        var alias = await Cli.SparkJobAsync("validate", "--manifest", "m", "--table", "t", "--databricks-host", "https://adb-1.azuredatabricks.net");
        var debug = await Cli.ExporterAsync("runs", "list", "--debug", "--host", "https://adb-1.azuredatabricks.net", "--limit", "0");

        Assert.DoesNotContain("unknown option", alias.Error + debug.Error, StringComparison.Ordinal);
        Assert.Equal(2, debug.ExitCode);
        Assert.Contains("--limit must be 1 or more", debug.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exporter", "export")]
    [InlineData("exporter", "run")]
    [InlineData("exporter", "manifest")]
    [InlineData("exporter", "exports")]
    [InlineData("exporter", "submit")]
    [InlineData("exporter", "schedule")]
    [InlineData("exporter", "runs list")]
    [InlineData("exporter", "runs get 1")]
    [InlineData("exporter", "runs cancel 1")]
    [InlineData("spark-job", "load")]
    [InlineData("spark-job", "validate")]
    [InlineData("spark-job", "inspect")]
    [InlineData("spark-job", "vacuum")]
    [InlineData("spark-job", "history")]
    public async Task Every_command_takes_verbose(string program, string command)
    {
        var args = command.Split(' ').Append("--verbose").ToArray();
        var result = program == "exporter" ? await Cli.ExporterAsync(args) : await Cli.SparkJobAsync(args);

        Assert.DoesNotContain("unknown option", result.Error, StringComparison.Ordinal);
    }
}
