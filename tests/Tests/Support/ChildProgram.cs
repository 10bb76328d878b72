using System.Diagnostics;
using System.Text;

namespace Handoff.Tests.Support;

/// <summary>
/// Runs exporter or spark-job (the builds beside the tests) in a process of its own, as a person
/// would: optionally under a pseudo-terminal (util-linux <c>script</c>), and optionally sent
/// SIGINT (Ctrl-C) once a condition on its stderr holds.
/// </summary>
public static class ChildProgram
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private const string ResetSigint = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";

    public sealed record Result(int ExitCode, string Out, string Error, TimeSpan SinceInterrupt);

    /// <summary>Runs the program to its end; under a terminal, stdout and stderr both arrive in <see cref="Result.Out"/>.</summary>
    public static async Task<Result> RunAsync(string program, string[] args, bool terminal = false, IDictionary<string, string>? environment = null, Func<string, bool>? interruptWhen = null)
    {
        var dll = BuiltProgram(program);
        // A process started in the background by a shell inherits SIGINT ignored, and .NET then
        // leaves it ignored; the program is started with SIGINT at its default, as from a terminal.
        var start = terminal
            ? new ProcessStartInfo("script") { ArgumentList = { "-qec", string.Join(' ', new[] { "dotnet", dll }.Concat(args).Select(Quote)), "/dev/null" } }
            : new ProcessStartInfo("python3") { ArgumentList = { "-c", ResetSigint, "dotnet", dll } };
        if (!terminal)
        {
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = terminal;
        start.UseShellExecute = false;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var interrupted = new TaskCompletionSource<DateTime>();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Append(stderr, e.Data);
            if (interruptWhen is not null && !interrupted.Task.IsCompleted && interruptWhen(Snapshot(stderr)))
            {
                interrupted.TrySetResult(DateTime.UtcNow);
                Interrupt(process.Id);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not end within {Limit}: {Snapshot(stderr)}");
        }

        process.WaitForExit();
        var since = interrupted.Task.IsCompleted ? DateTime.UtcNow - interrupted.Task.Result : TimeSpan.Zero;
        return new Result(process.ExitCode, Snapshot(stdout), Snapshot(stderr), since);
    }

    /// <summary>
    /// The program in its own build folder (same configuration as these tests), whose deps.json
    /// resolves its packages; the copy beside the tests relies on the test host's frameworks.
    /// </summary>
    private static string BuiltProgram(string program)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var project = program == "exporter" ? "exporter" : "spark-job";
        var dll = Path.Combine(RepoPaths.Root, project, "bin", configuration, framework.Name, program + ".dll");
        return File.Exists(dll) ? dll : Path.Combine(AppContext.BaseDirectory, program + ".dll");
    }

    private static void Interrupt(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }

    private static void Append(StringBuilder into, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (into)
        {
            into.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder from)
    {
        lock (from)
        {
            return from.ToString();
        }
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
