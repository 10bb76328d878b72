using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Handoff.Tests.Fixtures;

/// <summary>Tests that need PostgreSQL join this collection and share one server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}

/// <summary>
/// A throwaway PostgreSQL server: initdb into a temp folder, trust authentication, listening only
/// on 127.0.0.1 at a free port. initdb refuses to run as root, so under root the server runs as an
/// unprivileged system user (created when missing) through runuser. Stopped with an immediate
/// shutdown and its folder deleted on dispose.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string ServiceUser = "handoffpg";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private string? _binaries;
    private string? _runAs;
    private DirectoryInfo? _root;
    private bool _started;

    public int Port { get; private set; }

    /// <summary>The superuser "postgres" on the "postgres" database; no password (trust).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=30";

    private string DataFolder => Path.Combine(_root!.FullName, "data");

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task InitializeAsync()
    {
        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/local/bin, /usr/lib/postgresql/*/bin or PATH. " +
            "Install them (apt-get install postgresql) and run the tests again.");
        _runAs = Environment.IsPrivilegedProcess ? await EnsureServiceUserAsync() : null;

        // Under root the server user must reach the folder, so stay out of root-only temp dirs.
        var tempParent = _runAs is null ? Path.GetTempPath() : "/tmp";
        _root = Directory.CreateDirectory(Path.Combine(tempParent, "handoff-pg-" + Guid.NewGuid().ToString("N")[..12]));
        if (_runAs is not null)
        {
            await RunAsync("chown", ["-R", _runAs, _root.FullName], asServiceUser: false);
        }

        await RunAsync(Path.Combine(_binaries, "initdb"), ["-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

        Exception? lastFailure = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreeLoopbackPort();
            try
            {
                var options = string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {_root.FullName} -c listen_addresses=127.0.0.1 -c fsync=off");
                await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataFolder, "-l", Path.Combine(_root.FullName, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
                _started = true;
                return;
            }
            catch (InvalidOperationException ex)
            {
                // Another process may have taken the port between our probe and the server's bind.
                lastFailure = ex;
            }
        }

        throw new InvalidOperationException($"PostgreSQL did not start: {ServerLog()}", lastFailure);
    }

    public async Task DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        if (_started)
        {
            await RunAsync(Path.Combine(_binaries!, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }

        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Only temp files are left behind.
        }
    }

    private static string? FindBinaries()
    {
        var candidates = new List<string> { "/usr/local/bin" };
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            // Newest major version first.
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private async Task<string> EnsureServiceUserAsync()
    {
        if (await TryRunAsync("id", ["-u", ServiceUser]))
        {
            return ServiceUser;
        }

        // A parallel test run may create the user first: check again rather than trust useradd's exit code.
        await TryRunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser]);
        if (!await TryRunAsync("id", ["-u", ServiceUser]))
        {
            throw new InvalidOperationException($"cannot create the unprivileged user '{ServiceUser}' that runs PostgreSQL when the tests run as root");
        }

        return ServiceUser;
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser = true)
    {
        var (exitCode, output) = await RunProcessAsync(program, arguments, asServiceUser);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {exitCode}: {output}");
        }
    }

    private async Task<bool> TryRunAsync(string program, IReadOnlyList<string> arguments) =>
        (await RunProcessAsync(program, arguments, asServiceUser: false)).ExitCode == 0;

    private async Task<(int ExitCode, string Output)> RunProcessAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser && _runAs is not null)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", _runAs, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish within {CommandTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private string ServerLog()
    {
        var log = Path.Combine(_root!.FullName, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
