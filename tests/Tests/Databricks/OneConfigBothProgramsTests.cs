using Handoff.Shared.Databricks.Config;
using Handoff.SparkJob.Cli;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// One ~/.databrickscfg, both programs: the exporter (runs list) and spark-job (load --engine
/// spark, which finds Spark on Databricks through the profile) accept and refuse the same files
/// and hosts with the same message, because both read it through <see cref="DatabricksConfigResolver"/>.
/// </summary>
public sealed class OneConfigBothProgramsTests : IDisposable
{
    private readonly DatabricksCli _exporter = new(workspace: null);
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        _exporter.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("host = http://adb-1.azuredatabricks.net", "uses http: the workspace must be reached over https")]
    [InlineData("host = https://me:secret@adb-1.azuredatabricks.net", "must not carry a user name or password")]
    [InlineData("host = https://", "is not a workspace URL")]
    public async Task A_config_file_one_program_refuses_the_other_refuses_with_the_same_message(string hostLine, string message)
    {
        var config = WriteConfig(hostLine);

        var exporter = await _exporter.RunAsync(["runs", "list"]);
        var sparkJob = await SparkJobAsync();

        Assert.True(exporter.ExitCode == 2, exporter.ToString());
        Assert.True(sparkJob.ExitCode == 2, sparkJob.ToString());
        Assert.Contains(message, exporter.Error, StringComparison.Ordinal);
        Assert.Equal(ErrorLine(exporter), ErrorLine(sparkJob));
        Assert.Contains(config, exporter.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", exporter.Error + sparkJob.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1")]
    [InlineData("http://localhost:8080", "localhost")]
    [InlineData("adb-1.azuredatabricks.net/?o=1", "adb-1.azuredatabricks.net")]
    public async Task A_host_both_accept_is_the_same_host_for_both(string host, string expected)
    {
        WriteConfig($"host = {host}");
        var variables = Variables();

        var forExporter = DatabricksConfigResolver.Resolve(new DatabricksConfigRequest { Environment = variables });
        var forSpark = await SparkRemote.ResolveAsync(null, new DatabricksInputs(), variables, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(expected, forExporter.Host.Host);
        Assert.Equal(forExporter.Host.Host, forSpark.Host);
        Assert.Equal("dapi-profile", forSpark.Token);
    }

    private string WriteConfig(string hostLine)
    {
        Directory.CreateDirectory(_exporter.Home);
        var path = Path.Combine(_exporter.Home, ".databrickscfg");
        File.WriteAllText(path, $"[DEFAULT]\n{hostLine}\ntoken = dapi-profile\ncluster_id = 0101-abc\n");
        return path;
    }

    private Func<string, string?> Variables() => name => _exporter.Environment.GetValueOrDefault(name);

    private async Task<CliResult> SparkJobAsync()
    {
        // A real export and table folder, so that the job gets as far as looking for Spark.
        var exports = _temp.Combine("exports");
        Assert.Equal(0, (await Cli.ExporterAsync("export", "--sample-rows", "5", "--to", exports, "--export-id", "e1")).ExitCode);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = SparkJobEnvironment.Default with { GetVariable = Variables() };
        var code = await SparkJobCli.RunAsync(
            ["load", "--manifest", Path.Combine(exports, "e1"), "--table", _temp.Combine("table"), "--engine", "spark"], TestConsole.For(stdout, stderr), environment, CancellationToken.None);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    private static string ErrorLine(CliResult result) =>
        result.Error.Split('\n').First(l => l.StartsWith("error: ", StringComparison.Ordinal));
}
