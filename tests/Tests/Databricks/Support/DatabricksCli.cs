using System.CommandLine;
using Handoff.Exporter.Cli;
using Handoff.Shared.Cli;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Handoff.Tests.Support;

namespace Handoff.Tests.Databricks.Support;

/// <summary>
/// Runs the Databricks commands in-process against a fake workspace, as a user would type them:
/// DATABRICKS_HOST and DATABRICKS_TOKEN point at the fake, HOME is a temp folder (never the real
/// ~/.databrickscfg), the clock is fake (polls and backoff cost no time), and the bundle's binary
/// comes from <see cref="FakePublisher"/>.
/// </summary>
public sealed class DatabricksCli : IDisposable
{
    private readonly TempFolder _temp = new();

    public DatabricksCli(FakeWorkspace? workspace)
    {
        Workspace = workspace;
        Publisher = new FakePublisher(_temp.Combine("publish"));
        Environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["HOME"] = Home };
        if (workspace is not null)
        {
            Environment["DATABRICKS_HOST"] = workspace.Host.ToString();
            Environment["DATABRICKS_TOKEN"] = workspace.Token;
        }
    }

    public FakeWorkspace? Workspace { get; }

    public string Home => _temp.Combine("home");

    public TempFolder Temp => _temp;

    public Dictionary<string, string?> Environment { get; }

    public FakeClock Clock { get; } = new();

    /// <summary>The clock the commands use: <see cref="Clock"/> unless a test needs real waits.</summary>
    public TimeProvider? Time { get; set; }

    public FakePublisher Publisher { get; }

    /// <summary>The answer to "cancel the run?"; null behaves as no terminal (cancel without asking).</summary>
    public Func<string, CancellationToken, Task<bool>>? Confirm { get; set; }

    public List<string> Questions { get; } = [];

    public string BundlePath { get; set; } = FakeFiles.DefaultVolume + "/bundles";

    public DatabricksCommandContext Context() => new()
    {
        Environment = name => Environment.GetValueOrDefault(name),
        Time = Time ?? Clock,
        PollInterval = TimeSpan.FromSeconds(5),
        Publisher = prebuilt => Publisher,
        ArchiveFolder = _temp.Combine("archives"),
        Confirm = Confirm is null ? null : (question, token) =>
        {
            Questions.Add(question);
            return Confirm(question, token);
        },
        ConfigureClient = options =>
        {
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(3);
        },
    };

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Home);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = TestConsole.For(stdout, stderr);
        var context = Context();
        var root = new RootCommand("test");
        root.Subcommands.Add(SubmitCommand.Create(console, context));
        root.Subcommands.Add(ScheduleCommand.Create(console, context));
        root.Subcommands.Add(RunsCommand.Create(console, context));
        var code = await CommandLine.InvokeAsync(root, "exporter", args, console, cancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>submit with the bundle path and the usual required options, plus <paramref name="extra"/>.</summary>
    public Task<CliResult> SubmitAsync(params string[] extra) => RunAsync(
        ["submit", "--manifest", "/Volumes/main/default/exports/e-2025-01-01/manifest.json", "--table", "main.sales.orders", "--cluster-id", "0101-abc", "--bundle-path", BundlePath, .. extra]);

    public Task<CliResult> ScheduleAsync(params string[] extra) => RunAsync(
        ["schedule", "--name", "orders daily", "--manifest", "/Volumes/main/default/exports/latest", "--table", "main.sales.orders", "--bundle-path", BundlePath, .. extra]);

    public void Dispose() => _temp.Dispose();
}
