using Grpc.Net.Client;
using Handoff.SparkJob.SparkConnect.Client;

namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>
/// The HTTP/2 channel to a Spark Connect endpoint: TLS when the connection says so, h2c otherwise.
/// No keepalive pings unless asked for (see <see cref="SparkConnectClientOptions.KeepAliveInterval"/>
/// for why); PySpark's channel sets none either (core.py ChannelBuilder: only the message sizes).
/// </summary>
internal static class SparkChannel
{
    public static GrpcChannel Create(SparkConnectionString connection, SparkConnectClientOptions options)
    {
        var handler = options.HttpHandler ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = PingDelay(options),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
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

    /// <summary>The delay before a keepalive ping on an idle open call: none unless asked for.</summary>
    public static TimeSpan PingDelay(SparkConnectClientOptions options) => options.KeepAliveInterval ?? Timeout.InfiniteTimeSpan;
}
