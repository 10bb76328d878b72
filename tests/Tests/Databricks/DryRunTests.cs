using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// <c>--dry-run</c> builds nothing and calls nothing: it returns at once with the exact body,
/// and what only a build or the workspace can know is a marked placeholder. The bodies are the
/// ones a real run sends, so the strict fake must accept them as they are.
/// </summary>
public sealed class DryRunTests : FakeWorkspaceTest
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Submit_dry_run_with_only_host_and_token_returns_at_once_and_its_body_is_accepted()
    {
        var (elapsed, stdout, stderr, code) = await RunExporterAsync(
            "submit", "--dry-run", "--manifest", "/Volumes/main/default/exports/e-2025-01-01", "--table", "main.sales.orders", "--cluster-id", "0101-abc");

        Assert.True(code == 0, $"exit {code}\n{stderr}");
        Assert.True(elapsed < Promptly, $"the dry run took {elapsed}");
        Assert.Empty(_fake.Requests);
        Assert.Contains("<bundle-hash>", stdout, StringComparison.Ordinal);
        Assert.Contains("/Users/<current-user>/.handoff/bundles/<bundle-hash>/handoff_launcher.py", stdout, StringComparison.Ordinal);
        Assert.Contains("<current-user> for your user name", stderr, StringComparison.Ordinal);

        using var answer = await PostAsync("/api/2.2/jobs/runs/submit", stdout);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        Assert.Single(_fake.Runs.All);
    }

    [Fact]
    public async Task Schedule_dry_run_with_only_host_and_token_returns_at_once_and_its_body_is_accepted()
    {
        var (elapsed, stdout, stderr, code) = await RunExporterAsync(
            "schedule", "--dry-run", "--name", "orders daily", "--manifest", "/Volumes/main/default/exports/latest", "--table", "main.sales.orders", "--serverless");

        Assert.True(code == 0, $"exit {code}\n{stderr}");
        Assert.True(elapsed < Promptly, $"the dry run took {elapsed}");
        Assert.Empty(_fake.Requests);
        Assert.Contains("POST /api/2.2/jobs/create", stderr, StringComparison.Ordinal);

        using var answer = await PostAsync("/api/2.2/jobs/create", stdout);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        Assert.Equal("orders daily", _fake.Jobs.All.Single().Name);
    }

    [Fact]
    public async Task A_dry_run_publishes_nothing_and_lists_its_placeholders()
    {
        var result = await _cli.RunAsync(["submit", "--dry-run", "--json", "--manifest", "/Volumes/a/b/c/e1", "--table", "t", "--cluster-id", "c"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, _cli.Publisher.Publishes);
        Assert.Empty(_fake.Requests);
        Assert.Equal(["<bundle-hash>", "<sha256-of-spark-job>", "<current-user>"], result.Json().GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("/Workspace/Users/<current-user>/.handoff/bundles/<bundle-hash>", result.Json().GetProperty("bundle").GetProperty("folder").GetString());
    }

    [Fact]
    public async Task A_dry_run_with_a_bundle_path_needs_no_user_name()
    {
        var result = await _cli.RunAsync(["schedule", "--dry-run", "--json", "--name", "n", "--manifest", "/Volumes/a/b/c/e1", "--table", "t", "--cluster-id", "c", "--bundle-path", _cli.BundlePath]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["<bundle-hash>", "<sha256-of-spark-job>"], result.Json().GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal($"{_cli.BundlePath}/<bundle-hash>", result.Json().GetProperty("bundle").GetProperty("folder").GetString());
    }

    /// <summary>The built exporter, as a user runs it, with nothing Databricks in its environment but the host and the token.</summary>
    private async Task<(TimeSpan Elapsed, string Stdout, string Stderr, int Code)> RunExporterAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exporter.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DATABRICKS_", StringComparison.Ordinal) || k.StartsWith("ARM_", StringComparison.Ordinal) || k.StartsWith("HANDOFF_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        Directory.CreateDirectory(_cli.Home);
        start.Environment["HOME"] = _cli.Home;
        start.Environment["DATABRICKS_HOST"] = _fake.Host.ToString();
        start.Environment["DATABRICKS_TOKEN"] = _fake.Token;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(limit.Token);
        var elapsed = clock.Elapsed;
        return (elapsed, await stdout, await stderr, process.ExitCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body)
    {
        using var http = new HttpClient { BaseAddress = _fake.Host };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fake.Token);
        return await http.SendAsync(request);
    }
}
