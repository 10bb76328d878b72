using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// A TCP proxy in front of the fake server (h2c) that enforces grpc-java's keepalive policy, which
/// Kestrel does not have: it reads the HTTP/2 frames both ways (RFC 9113 §4.1: a 9-byte header,
/// then the payload), counts the client's PINGs with a <see cref="PingEnforcer"/> per connection,
/// and on the third strike sends GOAWAY with ENHANCE_YOUR_CALM and debug data "too_many_pings" and
/// closes the connection, as grpc-java's NettyServerHandler does.
/// </summary>
public sealed class PingPolicyProxy : IAsyncDisposable
{
    private const byte Data = 0x0;
    private const byte Headers = 0x1;
    private const byte RstStream = 0x3;
    private const byte Ping = 0x6;
    private const byte GoAway = 0x7;
    private const byte FlagEndStream = 0x1;
    private const byte FlagAck = 0x1;
    private const uint EnhanceYourCalm = 0xb;
    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly TimeSpan _permitInterval;
    private readonly TimeSpan _implicitPermitInterval;
    private Task _accepting = Task.CompletedTask;
    private int _pings;
    private int _goAways;

    public PingPolicyProxy(int targetPort, TimeSpan permitInterval, TimeSpan implicitPermitInterval)
    {
        _targetPort = targetPort;
        _permitInterval = permitInterval;
        _implicitPermitInterval = implicitPermitInterval;
    }

    public int Port { get; private set; }

    /// <summary>Keepalive PINGs received from clients (not acknowledgements).</summary>
    public int PingsReceived => Volatile.Read(ref _pings);

    /// <summary>Connections closed with GOAWAY too_many_pings.</summary>
    public int GoAwaysSent => Volatile.Read(ref _goAways);

    public void Start()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, connection.Token);
            var state = new ConnectionState(new PingEnforcer(_permitInterval, _implicitPermitInterval), client.GetStream(), upstream.GetStream());
            var up = ClientToServerAsync(state, connection.Token);
            var down = ServerToClientAsync(state, connection.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException)
        {
        }
        finally
        {
            await connection.CancelAsync();
        }
    }

    private async Task ClientToServerAsync(ConnectionState state, CancellationToken cancellationToken)
    {
        var preface = new byte[Preface.Length];
        await state.Client.ReadExactlyAsync(preface, cancellationToken);
        await state.Server.WriteAsync(preface, cancellationToken);
        while (true)
        {
            var (header, payload) = await ReadFrameAsync(state.Client, cancellationToken);
            var type = header[3];
            var flags = header[4];
            var stream = (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) & 0x7fffffff);
            if (type == Ping && (flags & FlagAck) == 0)
            {
                Interlocked.Increment(ref _pings);
                if (!state.Enforcer.PingAcceptable())
                {
                    await SendGoAwayAsync(state, cancellationToken);
                    return;
                }
            }
            else if (type == Headers && stream % 2 == 1)
            {
                state.Opened(stream);
            }
            else if (type == RstStream)
            {
                state.Closed(stream);
            }

            await state.Server.WriteAsync(header, cancellationToken);
            await state.Server.WriteAsync(payload, cancellationToken);
        }
    }

    private static async Task ServerToClientAsync(ConnectionState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (header, payload) = await ReadFrameAsync(state.Server, cancellationToken);
            var type = header[3];
            var stream = (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) & 0x7fffffff);
            if (type is Data or Headers)
            {
                state.Enforcer.ResetCounters();
                if ((header[4] & FlagEndStream) != 0)
                {
                    state.Closed(stream);
                }
            }
            else if (type == RstStream)
            {
                state.Closed(stream);
            }

            await state.WriteToClientAsync(header, payload, cancellationToken);
        }
    }

    private async Task SendGoAwayAsync(ConnectionState state, CancellationToken cancellationToken)
    {
        var debug = Encoding.ASCII.GetBytes("too_many_pings");
        var payload = new byte[8 + debug.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)state.LastStream);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), EnhanceYourCalm);
        debug.CopyTo(payload, 8);
        var header = new byte[9];
        header[0] = (byte)(payload.Length >> 16);
        header[1] = (byte)(payload.Length >> 8);
        header[2] = (byte)payload.Length;
        header[3] = GoAway;
        await state.WriteToClientAsync(header, payload, cancellationToken);
        Interlocked.Increment(ref _goAways);
    }

    private static async Task<(byte[] Header, byte[] Payload)> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[9];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var length = (header[0] << 16) | (header[1] << 8) | header[2];
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return (header, payload);
    }

    private sealed class ConnectionState(PingEnforcer enforcer, Stream client, Stream server)
    {
        private readonly SemaphoreSlim _clientWrites = new(1, 1);
        private readonly HashSet<int> _open = [];

        public PingEnforcer Enforcer => enforcer;

        public Stream Client => client;

        public Stream Server => server;

        public int LastStream { get; private set; }

        public void Opened(int stream)
        {
            lock (_open)
            {
                LastStream = Math.Max(LastStream, stream);
                _open.Add(stream);
                enforcer.OnCallsChanged(true);
            }
        }

        public void Closed(int stream)
        {
            lock (_open)
            {
                _open.Remove(stream);
                enforcer.OnCallsChanged(_open.Count > 0);
            }
        }

        public async Task WriteToClientAsync(byte[] header, byte[] payload, CancellationToken cancellationToken)
        {
            await _clientWrites.WaitAsync(cancellationToken);
            try
            {
                await client.WriteAsync(header, cancellationToken);
                await client.WriteAsync(payload, cancellationToken);
                await client.FlushAsync(cancellationToken);
            }
            finally
            {
                _clientWrites.Release();
            }
        }
    }
}
