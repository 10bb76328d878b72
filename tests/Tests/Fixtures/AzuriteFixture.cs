using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;
using Handoff.Shared.Storage;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Fixtures;

/// <summary>Tests that need Blob Storage join this collection and share one Azurite process.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// Runs the Azurite Blob emulator pinned in tests/package.json, in memory, on a free loopback
/// port. Installs it with `npm ci` first when tests/node_modules lacks it, so a plain
/// `dotnet test` works on a fresh clone. The process tree is killed on dispose.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key; not a secret.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    private readonly StringBuilder _output = new();
    private Process? _process;
    private DirectoryInfo? _workFolder;

    public int Port { get; private set; }

    /// <summary>The account's blob endpoint, path-style: http://127.0.0.1:port/devstoreaccount1.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>Credentials for the emulator, as a user would pass a connection string.</summary>
    public StorageCredentials Credentials => new() { ConnectionString = ConnectionString };

    public BlobServiceClient ServiceClient() => new(ConnectionString);

    /// <summary>Location text for a container prefix: http://127.0.0.1:port/devstoreaccount1/container/prefix.</summary>
    public string BlobLocation(string container, string prefix = "") =>
        $"{BlobEndpoint}/{container}{(prefix.Length == 0 ? string.Empty : "/" + prefix.Trim('/'))}";

    /// <summary>Creates a container with a fresh name, so tests never see each other's blobs.</summary>
    public async Task<string> CreateContainerAsync()
    {
        var name = NewContainerName();
        await ServiceClient().CreateBlobContainerAsync(name);
        return name;
    }

    /// <summary>A fresh container name that does not exist yet.</summary>
    public static string NewContainerName() => "t" + Guid.NewGuid().ToString("N")[..20];

    public async Task InitializeAsync()
    {
        var testsFolder = Path.Combine(RepoPaths.Root, "tests");
        var script = Path.Combine(testsFolder, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(script))
        {
            await InstallAsync(testsFolder);
        }

        Exception? lastFailure = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort.Next();
            try
            {
                await StartAsync(script);
                return;
            }
            catch (InvalidOperationException ex)
            {
                // Another process may have taken the port between our probe and Azurite's bind.
                lastFailure = ex;
                Stop();
            }
        }

        throw new InvalidOperationException("Azurite did not start", lastFailure);
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    private async Task StartAsync(string script)
    {
        _workFolder = Directory.CreateTempSubdirectory("azurite-");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workFolder.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            script, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _output.Clear();
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start node for Azurite");
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}: {Output()}");
            }

            if (await PortAnswersAsync(Port))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Azurite did not listen on port {Port} within {StartTimeout.TotalSeconds} s: {Output()}");
    }

    private void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
        _process = null;
        try
        {
            _workFolder?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Only an empty temp folder is left behind.
        }

        _workFolder = null;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static async Task InstallAsync(string testsFolder)
    {
        // Two test runs on a fresh clone must not run npm ci in the same folder at once.
        var lockPath = Path.Combine(Path.GetTempPath(), "handoff-tests-npm-ci.lock");
        await using var gate = await AcquireLockAsync(lockPath);
        if (File.Exists(Path.Combine(testsFolder, "node_modules", "azurite", "dist", "src", "blob", "main.js")))
        {
            return;
        }

        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/c", "npm", "ci", "--no-audit", "--no-fund" } }
            : new ProcessStartInfo("npm") { ArgumentList = { "ci", "--no-audit", "--no-fund" } };
        start.WorkingDirectory = testsFolder;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("could not start npm to install Azurite");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(InstallTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"`npm ci` in {testsFolder} did not finish within {InstallTimeout.TotalMinutes} minutes");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"`npm ci` in {testsFolder} failed with code {npm.ExitCode}: {await stdout}{await stderr}");
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<bool> PortAnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
