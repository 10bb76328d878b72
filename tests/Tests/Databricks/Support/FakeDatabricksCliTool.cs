using System.Text;
using Handoff.Shared.Databricks.Auth;

namespace Handoff.Tests.Databricks.Support;

/// <summary>
/// A stand-in for the Databricks CLI's <c>databricks auth token</c>: a shell script that logs its
/// arguments and prints a token as the CLI does (<c>{"access_token", "token_type", "expiry"}</c>).
/// It is padded past 1 MiB, because a smaller file is taken for the legacy Python CLI, as the SDK
/// does.
/// </summary>
public sealed class FakeDatabricksCliTool
{
    public FakeDatabricksCliTool(string folder, string token, DateTimeOffset expiry, int exitCode = 0, string error = "")
    {
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, "databricks");
        CallsLog = System.IO.Path.Combine(folder, "calls.log");
        var json = $$"""{"access_token":"{{token}}","token_type":"Bearer","expiry":"{{expiry.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}}"}""";
        var script = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append($"echo \"$*\" >> '{CallsLog}'\n")
            .Append(exitCode == 0 ? $"printf '%s' '{json}'\n" : $"echo '{error}' >&2\n")
            .Append($"exit {exitCode}\n");
        var padding = new string('#', (int)DatabricksCliCredential.MinimumCliBytes);
        File.WriteAllText(Path, script + padding + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    public string CallsLog { get; }

    /// <summary>The argument lines of each run, in order.</summary>
    public IReadOnlyList<string> Calls => File.Exists(CallsLog) ? File.ReadAllLines(CallsLog) : [];
}
