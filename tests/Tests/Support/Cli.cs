using Handoff.Exporter.Cli;
using Handoff.Shared.Cli;
using Handoff.SparkJob.Cli;

namespace Handoff.Tests.Support;

/// <summary>Runs the command lines in-process, as a user would call them, capturing their output.</summary>
public static class Cli
{
    public static async Task<CliResult> ExporterAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ExporterCli.RunAsync(args, TestConsole.For(stdout, stderr), CancellationToken.None);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public static async Task<CliResult> SparkJobAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SparkJobCli.RunAsync(args, TestConsole.For(stdout, stderr), CancellationToken.None);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
