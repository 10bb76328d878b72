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
/// <see cref="FakeSpark"/>. Every call is recorded with its headers; faults are armed through
/// <see cref="Faults"/>. Start one per test and dispose it.
/// </summary>
public sealed class FakeSparkConnectServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private WebApplication? _app;

    private FakeSparkConnectServer(X509Certificate2? certificate)
    {
        Certificate = certificate;
        Spark = new FakeSpark(Faults);
    }

    public FakeFaults Faults { get; } = new();

    public FakeSpark Spark { get; }

    /// <summary>The TLS certificate, or null for plain text.</summary>
    public X509Certificate2? Certificate { get; }

    public int Port { get; private set; }

    /// <summary>"sc://127.0.0.1:port/" (add ";use_ssl=true" or a token for TLS servers).</summary>
    public string Remote => $"sc://127.0.0.1:{Port}/";

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    public static async Task<FakeSparkConnectServer> StartAsync(bool tls = false)
    {
        var server = new FakeSparkConnectServer(tls ? SelfSignedCertificate.Create() : null);
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

    public async ValueTask DisposeAsync()
    {
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
    }
}
