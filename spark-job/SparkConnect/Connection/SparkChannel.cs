using Grpc.Net.Client;
using Handoff.SparkJob.SparkConnect.Client;

namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>The HTTP/2 channel to a Spark Connect endpoint: TLS when the connection says so, h2c otherwise.</summary>
internal static class SparkChannel
{
    public static GrpcChannel Create(SparkConnectionString connection, SparkConnectClientOptions options)
    {
        var handler = options.HttpHandler ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,

            // Long writes stream nothing for minutes; pings keep proxies from closing the connection.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            SslOptions = { RemoteCertificateValidationCallback = options.ServerCertificateValidation },
        };
        return GrpcChannel.ForAddress(connection.Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = options.HttpHandler is null,
            MaxReceiveMessageSize = options.MaxReceiveMessageBytes,
        });
    }
}
