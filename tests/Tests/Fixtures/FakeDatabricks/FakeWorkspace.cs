using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Handoff.Shared.Databricks.Jobs.Fields;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>
/// A stateful, in-process Databricks workspace on a free loopback port (Kestrel): Jobs API 2.2
/// (jobs and runs with state, idempotency tokens, paging), the Files API on volumes, workspace
/// files, SCIM Me, OAuth M2M tokens. It records every request and fails on demand
/// (<see cref="Faults"/>): 429 with Retry-After, 503, a reset connection, a slow response,
/// malformed JSON, any API error; <see cref="Throttle"/> makes it a slow link.
/// <para>
/// It is as strict as the published sources say the service is: Jobs API bodies are checked
/// against the SDK's field lists (an unknown field is a 400), workspace/import holds at most
/// 10 MB, <c>status.state</c> takes only the 2.2 values, a missing run is a 400
/// INVALID_PARAMETER_VALUE, and runs/list takes a limit below 25. Modelled on databricks/cli's
/// own fake workspace (libs/testserver): state in memory, requests recorded, faults on demand.
/// </para>
/// </summary>
public sealed class FakeWorkspace : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeWorkspace(WebApplication app)
    {
        _app = app;
        Runs = new FakeRuns(() => Host.ToString());
        Jobs = new FakeJobs(Runs);
    }

    /// <summary>http://127.0.0.1:PORT/ (plain http is accepted by the client only on loopback).</summary>
    public Uri Host { get; private set; } = null!;

    public string Token => FakeAuth.DefaultToken;

    public FakeAuth Auth { get; } = new();

    public FakeFaults Faults { get; } = new();

    public FakeRuns Runs { get; }

    public FakeJobs Jobs { get; }

    public FakeFiles Files { get; } = new();

    public FakeWorkspaceFiles WorkspaceFiles { get; } = new();

    public FakeClusters Clusters { get; } = new();

    public FakeSqlStatements Sql { get; } = new();
    public FakeIdentity Identity { get; } = new();

    public FakeThrottle Throttle { get; } = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    /// <summary>Requests to the given endpoint ("POST /api/2.2/jobs/runs/submit"); a path ending in * matches a prefix.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string endpoint) =>
        _requests.Where(r => endpoint.EndsWith('*') ? r.Endpoint.StartsWith(endpoint[..^1], StringComparison.Ordinal) : r.Endpoint == endpoint).ToList();

    public static async Task<FakeWorkspace> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = null;

            // Small buffers, so a throttled reader is felt by the sender at once, as on a slow link.
            options.Limits.MaxRequestBufferSize = 64 * 1024;
        });
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.ReceiveBufferSize = 64 * 1024;
            return socket;
        });
        var app = builder.Build();
        var fake = new FakeWorkspace(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Host = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await Throttle.ReadAsync(context.Request.Body, context.RequestAborted);
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "/");
        var request = new RecordedRequest(
            context.Request.Method, path, context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.Authorization.FirstOrDefault(), context.Request.ContentType, body);
        _requests.Enqueue(request);

        if (Faults.Take(request.Method, path) is { } fault)
        {
            if (await ServeFaultAsync(context, fault))
            {
                return;
            }
        }

        var reply = await DispatchAsync(context, request, path);
        await reply.WriteAsync(context);
    }

    /// <summary>Serves a fault; false when the request should then be answered normally (a slow response).</summary>
    private static async Task<bool> ServeFaultAsync(HttpContext context, FakeFault fault)
    {
        switch (fault)
        {
            case FakeFault.TooManyRequests(var seconds):
                await new FakeReply(429, Encoding.UTF8.GetBytes("""{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"Too many requests. Please wait and try again."}"""), "application/json",
                    new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) }).WriteAsync(context);
                return true;
            case FakeFault.Unavailable(var seconds):
                await new FakeReply(503, Encoding.UTF8.GetBytes("""{"error_code":"TEMPORARILY_UNAVAILABLE","message":"The service is temporarily unavailable."}"""), "application/json",
                    seconds is { } s ? new Dictionary<string, string> { ["Retry-After"] = s.ToString(CultureInfo.InvariantCulture) } : null).WriteAsync(context);
                return true;
            case FakeFault.ResetConnection:
                context.Abort();
                return true;
            case FakeFault.SlowResponse(var delay):
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return true;
                }

                return false;
            case FakeFault.MalformedJson:
                await new FakeReply(200, Encoding.UTF8.GetBytes("""{"run_id": 42, "state": {"life_cycle_state": "RUNN""")).WriteAsync(context);
                return true;
            case FakeFault.ApiError(var status, var code, var message):
                await FakeReply.Error(status, code, message).WriteAsync(context);
                return true;
            case FakeFault.Raw(var status, var contentType, var text):
                await new FakeReply(status, Encoding.UTF8.GetBytes(text), contentType).WriteAsync(context);
                return true;
            default:
                throw new InvalidOperationException($"unknown fault {fault}");
        }
    }

    private async Task<FakeReply> DispatchAsync(HttpContext context, RecordedRequest request, string path)
    {
        if (path == "/oidc/v1/token" && request.Method == "POST")
        {
            return Auth.IssueToken(context, request);
        }

        if (Auth.Check(request.Authorization) is { } refused)
        {
            return refused;
        }

        const string files = "/api/2.0/fs/files";
        const string directories = "/api/2.0/fs/directories";
        const string importFile = "/api/2.0/workspace-files/import-file/";
        if (path.StartsWith(files + "/", StringComparison.Ordinal))
        {
            return await Files.HandleFileAsync(context, path[files.Length..], request);
        }

        if (path.StartsWith(directories + "/", StringComparison.Ordinal))
        {
            return Files.HandleDirectory(context, path[directories.Length..], request);
        }

        if (path.StartsWith(importFile, StringComparison.Ordinal) && request.Method == "POST")
        {
            return WorkspaceFiles.ImportFile("/" + path[importFile.Length..], context, request);
        }

        if (Strict(request, path) is { } invalid)
        {
            return invalid;
        }

        return Clusters.Handle(context, request, path) ?? Sql.Handle(request, path) ?? (request.Method, path) switch
        {
            ("POST", "/api/2.2/jobs/runs/submit") => Runs.Submit(request),
            ("GET", "/api/2.2/jobs/runs/get") => Runs.GetRun(context),
            ("GET", "/api/2.2/jobs/runs/get-output") => Runs.GetOutput(context),
            ("POST", "/api/2.2/jobs/runs/cancel") => Runs.Cancel(request),
            ("GET", "/api/2.2/jobs/runs/list") => Runs.List(context),
            ("POST", "/api/2.2/jobs/create") => Jobs.Create(request),
            ("POST", "/api/2.2/jobs/reset") => Jobs.Reset(request),
            ("POST", "/api/2.2/jobs/update") => Jobs.Update(request),
            ("GET", "/api/2.2/jobs/get") => Jobs.Get(context),
            ("GET", "/api/2.2/jobs/list") => Jobs.List(context),
            ("POST", "/api/2.2/jobs/run-now") => Jobs.RunNow(request),
            ("POST", "/api/2.2/jobs/delete") => Jobs.Delete(request),
            ("POST", "/api/2.0/workspace/import") => await WorkspaceFiles.ImportAsync(request),
            ("GET", "/api/2.0/workspace/get-status") => WorkspaceFiles.GetStatus(context),
            ("POST", "/api/2.0/workspace/mkdirs") => WorkspaceFiles.Mkdirs(request),
            ("GET", "/api/2.0/preview/scim/v2/Me") => Identity.Me(),
            _ => FakeReply.Error(404, "ENDPOINT_NOT_FOUND", $"No API found for '{request.Method} {path}'"),
        };
    }

    /// <summary>A Jobs API body with a field the API does not define is refused before anything happens.</summary>
    private static FakeReply? Strict(RecordedRequest request, string path) => (request.Method, path) switch
    {
        ("POST", "/api/2.2/jobs/create") => FakeBodyCheck.Refuse(request, JobsApiFields.CreateJob),
        ("POST", "/api/2.2/jobs/reset") => FakeBodyCheck.Refuse(request, JobsApiFields.ResetJob),
        ("POST", "/api/2.2/jobs/update") => FakeBodyCheck.Refuse(request, JobsApiFields.UpdateJob),
        ("POST", "/api/2.2/jobs/run-now") => FakeBodyCheck.Refuse(request, JobsApiFields.RunNow),
        ("POST", "/api/2.2/jobs/delete") => FakeBodyCheck.Refuse(request, JobsApiFields.DeleteJob),
        ("POST", "/api/2.2/jobs/runs/submit") => FakeBodyCheck.Refuse(request, JobsApiFields.SubmitRun),
        ("POST", "/api/2.2/jobs/runs/cancel") => FakeBodyCheck.Refuse(request, JobsApiFields.CancelRun),
        _ => null,
    };
}
