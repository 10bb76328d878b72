using Handoff.Shared.Databricks;
using Handoff.Exporter.Databricks.Bundle;

namespace Handoff.Exporter.Cli;

/// <summary>
/// What the Databricks commands take from the machine: environment variables (HOME too), the
/// clock, how often to poll, how the spark-job binary is published, and how to ask "cancel the
/// run?" on a terminal. Tests replace each, so the commands run in-process against a fake workspace.
/// </summary>
public sealed class DatabricksCommandContext
{
    public Func<string, string?> Environment { get; init; } = global::System.Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Given <c>--bundle-binary</c> (or null), the publisher of the spark-job binary.</summary>
    public Func<string?, ISparkJobPublisher> Publisher { get; init; } = DefaultPublisher;

    /// <summary>Where compressed bundle archives are kept between runs (default: a folder in the temp directory).</summary>
    public string ArchiveFolder { get; init; } = BundleArchive.DefaultCacheFolder;

    /// <summary>Asks a yes/no question on the terminal; null when there is no terminal (then the answer is yes).</summary>
    public Func<string, CancellationToken, Task<bool>>? Confirm { get; init; } = TerminalConfirm();

    /// <summary>Adjusts every client the commands create (tests: short timeouts, their clock).</summary>
    public Action<DatabricksClientOptions>? ConfigureClient { get; init; }

    public static DatabricksCommandContext System { get; } = new();

    private static ISparkJobPublisher DefaultPublisher(string? prebuilt) =>
        prebuilt is not null ? new PrebuiltBinaryPublisher(prebuilt)
        : DotnetPublishPublisher.FindFromSource() ?? throw new BundleException(
            "cannot find spark-job/SparkJob.csproj above the current folder to publish the job; run from the repository, or pass --bundle-binary with a published linux-x64 spark-job");

    private static Func<string, CancellationToken, Task<bool>>? TerminalConfirm()
    {
        if (Console.IsInputRedirected || Console.IsErrorRedirected)
        {
            return null;
        }

        return async (question, cancellationToken) =>
        {
            await Console.Error.WriteAsync($"{question} [Y/n] ");
            var answer = await Console.In.ReadLineAsync(cancellationToken);
            return answer is null || answer.Trim().Length == 0 || answer.Trim().StartsWith('y') || answer.Trim().StartsWith('Y');
        };
    }
}
