using System.Diagnostics;
using System.Text;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>
/// Publishes spark-job from source: <c>dotnet publish spark-job -c Release -r linux-x64
/// --self-contained -p:PublishSingleFile=true</c>, so the cluster needs no .NET installed.
/// Deterministic builds keep the bytes, and so the bundle hash, stable between identical builds.
/// </summary>
public sealed class DotnetPublishPublisher(string projectFile, string outputFolder) : ISparkJobPublisher
{
    public const string BinaryName = "spark-job";

    public string Description => $"dotnet {string.Join(' ', Arguments)}";

    private string[] Arguments =>
    [
        "publish", projectFile, "-c", "Release", "-r", "linux-x64", "--self-contained", "true",
        "-p:PublishSingleFile=true", "-p:IncludeNativeLibrariesForSelfExtract=true", "-p:DebugType=none", "-o", outputFolder, "--nologo",
    ];

    /// <summary>The spark-job project above the working directory or this program, or null when there is no source here.</summary>
    public static DotnetPublishPublisher? FindFromSource()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var project = Path.Combine(dir.FullName, "spark-job", "SparkJob.csproj");
                if (File.Exists(project))
                {
                    return new DotnetPublishPublisher(project, Path.Combine(dir.FullName, "artifacts", "bundle", "linux-x64"));
                }
            }
        }

        return null;
    }

    public async Task<string> PublishAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        await progress.WriteLineAsync($"publishing spark-job for linux-x64 (self-contained, single file) into {outputFolder} ...");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(stdout, stderr);
        if (process.ExitCode != 0)
        {
            throw new BundleException($"dotnet publish of {projectFile} failed with exit code {process.ExitCode}:\n{Tail(output.ToString())}");
        }

        var binary = Path.Combine(outputFolder, BinaryName);
        return File.Exists(binary) ? binary : throw new BundleException($"dotnet publish succeeded but {binary} is missing");
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
    }
}
