using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// An in-process Spark Connect server on a free loopback port (Kestrel, HTTP/2; h2c, or TLS
/// with a self-signed certificate) that implements SparkConnectService from our own protos over
/// <see cref="FakeSpark"/>, behaving as a Spark 3.5 or a Spark 4.x server
/// (<see cref="FakeServerProfile"/>; the default is Spark 4.x, or the mode named by the
/// HANDOFF_FAKE_SPARK variable). With a ping policy (the 3.5 mode's default), clients connect
/// through a <see cref="PingPolicyProxy"/>. Every call is recorded with its headers; faults are
/// armed through <see cref="Faults"/>. Start one per test and dispose it.
/// </summary>
public sealed class FakeSparkConnectServer : IAsyncDisposable
{
    /// <summary>Names the default mode ("spark-3.5" or "spark-4") so a whole test run can use either.</summary>
    public const string ModeVariable = "HANDOFF_FAKE_SPARK";

    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentQueue<Plan> _executed = new();
    private WebApplication? _app;

    private FakeSparkConnectServer(X509Certificate2? certificate, FakeServerProfile profile)
    {
        Certificate = certificate;
        Profile = profile;
        Spark = new FakeSpark(Faults);
        Sessions = new FakeSessions(profile, Spark);
    }

    public FakeServerProfile Profile { get; }

    public FakeFaults Faults { get; } = new();

    public FakeSpark Spark { get; }

    public FakeSessions Sessions { get; }

    /// <summary>The ping-policy proxy clients connect through, when the mode has one.</summary>
    public PingPolicyProxy? Proxy { get; private set; }

    /// <summary>The plans whose execution ran to its end, in order: a plan that ran twice shows twice.</summary>
    public IReadOnlyList<Plan> ExecutedPlans => [.. _executed];

    /// <summary>The default mode: $HANDOFF_FAKE_SPARK, else Spark 4.x, in real time.</summary>
    public static FakeServerProfile DefaultProfile =>
        Environment.GetEnvironmentVariable(ModeVariable) is { Length: > 0 } name ? FakeServerProfile.Named(name) : FakeServerProfile.Spark4();

    /// <summary>The TLS certificate, or null for plain text.</summary>
    public X509Certificate2? Certificate { get; }

    public int Port { get; private set; }

    /// <summary>"sc://127.0.0.1:port/" (add ";use_ssl=true" or a token for TLS servers).</summary>
    public string Remote => $"sc://127.0.0.1:{Port}/";

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    public static Task<FakeSparkConnectServer> StartAsync(bool tls = false) => StartAsync(DefaultProfile, tls);

    public static async Task<FakeSparkConnectServer> StartAsync(FakeServerProfile profile, bool tls = false)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var server = new FakeSparkConnectServer(tls ? SelfSignedCertificate.Create() : null, profile);
        await server.StartAsync();
        return server;
    }

    /// <summary>The requests of one RPC, in order.</summary>
    public IReadOnlyList<T> Requests<T>(string method) => Calls.Where(c => c.Method == method).Select(c => (T)c.Request).ToList();

    /// <summary>The SQL text of every sql_command and SQL relation sent, in order.</summary>
    public IReadOnlyList<string> Statements() => Calls.SelectMany(c => c.Request switch
    {
        ExecutePlanRequest { Plan.Command.SqlCommand: { } command } => [command.Sql],
        ExecutePlanRequest { Plan.Root.Sql: { } sql } => [sql.Query],
        AnalyzePlanRequest { Schema.Plan.Root.Sql: { } sql } => [sql.Query],
        _ => Array.Empty<string>(),
    }).ToList();

    internal void Record(RecordedCall call) => _calls.Enqueue(call);

    internal void Executed(Plan plan) => _executed.Enqueue(plan);

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Certificate?.Dispose();
    }

    private async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (Certificate is not null)
            {
                listen.UseHttps(Certificate);
            }
        }));
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = 64 * 1024 * 1024);
        builder.Services.AddSingleton(this);
        builder.Services.AddSingleton<FakeSparkConnectService>();
        _app = builder.Build();
        _app.MapGrpcService<FakeSparkConnectService>();
        await _app.StartAsync();
        Port = new Uri(_app.Urls.First()).Port;
        if (Profile.PingPermitInterval is { } permit && Certificate is null)
        {
            Proxy = new PingPolicyProxy(Port, permit, TimeSpan.FromHours(2) / Profile.Speedup);
            Proxy.Start();
            Port = Proxy.Port;
        }
    }
}
