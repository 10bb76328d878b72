using Handoff.Shared.Cli;
using Handoff.SparkJob.Cli;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.Tests.Fixtures.SparkConnect;
using Handoff.Tests.Support;

namespace Handoff.Tests.SparkConnect;

/// <summary>Runs spark-job in-process with a given environment (no process variables) and, unless told otherwise, fast retries.</summary>
internal static class SparkCli
{
    public static readonly RetryOptions FastRetries = SparkRetries.Fast;

    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? variables, params string[] args) =>
        RunAsync(Environment(variables), args);

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync((IReadOnlyDictionary<string, string>?)null, args);

    public static async Task<CliResult> RunAsync(SparkJobEnvironment environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SparkJobCli.RunAsync(args, TestConsole.For(stdout, stderr), environment, CancellationToken.None);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The given variables only, user "tester", and <paramref name="retry"/> (default: <see cref="FastRetries"/>).</summary>
    public static SparkJobEnvironment Environment(IReadOnlyDictionary<string, string>? variables = null, RetryOptions? retry = null) => new()
    {
        GetVariable = name => variables?.GetValueOrDefault(name),
        SparkClient = new SparkConnectClientOptions { Retry = retry ?? FastRetries, UserId = "tester" },
    };

    /// <summary>A sample export of <paramref name="rows"/> rows in <paramref name="folder"/>; returns the manifest path.</summary>
    public static async Task<string> ExportAsync(string folder, string exportId, string format, int rows)
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", format, "--to", folder, "--export-id", exportId, "--json");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }

        return result.Json().GetProperty("manifest").GetString()!;
    }
}
