using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Handoff.Benchmarks;

/// <summary>
/// The program the measurements run in: this benchmark published for this machine's runtime,
/// self-contained with ReadyToRun (one composite image of the framework and the program), as the
/// README deploys the tools (<c>dotnet publish -r linux-x64 --self-contained</c>), so the start-up
/// compilation a user meets is what is measured, not the larger one of <c>dotnet run</c>. The
/// DuckDB references run in the same precompiled program. <c>--jit</c> skips this.
/// </summary>
internal sealed class ReadyToRunBuild : IDisposable
{
    private readonly DirectoryInfo _folder;

    private ReadyToRunBuild(DirectoryInfo folder) => _folder = folder;

    public string Executable => Path.Combine(_folder.FullName, "benchmarks");

    public static async Task<ReadyToRunBuild> PublishAsync()
    {
        var project = typeof(ReadyToRunBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectPath").Value!;
        var folder = Directory.CreateTempSubdirectory("handoff-bench-r2r-");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "true", "-o", folder.FullName, "--nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        Console.Error.WriteLine($"publishing the benchmark self-contained with ReadyToRun for {RuntimeInformation.RuntimeIdentifier}, about 2 minutes (--jit to measure the dotnet run build instead) ...");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            folder.Delete(recursive: true);
            throw new InvalidOperationException($"dotnet publish exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        return new ReadyToRunBuild(folder);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
