using System.Net;
using System.Net.Sockets;

namespace Handoff.Tests.Fixtures;

/// <summary>
/// A TCP proxy in front of a storage endpoint (Azurite) that can stop mid-transfer: once
/// <see cref="CutAfter"/> bytes have flowed back from the server, every connection is cut and new
/// ones are refused, as when a storage account or its network goes away in the middle of a read.
/// </summary>
public sealed class StorageOutageProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private long _bytesFromServer;
    private long _cutAfter = long.MaxValue;

    public StorageOutageProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>True once the proxy has cut the storage off.</summary>
    public bool Stopped => _stop.IsCancellationRequested;

    /// <summary>Stops the storage once this many more bytes have come back from it.</summary>
    public void CutAfter(long bytes) => Interlocked.Exchange(ref _cutAfter, Interlocked.Read(ref _bytesFromServer) + bytes);

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _accepting;
        _stop.Dispose();
    }

    private void Stop()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Client.LingerState = new LingerOption(true, 0); // a reset, not a polite close
                connection.Dispose();
            }

            _connections.Clear();
        }
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
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            lock (_connections)
            {
                if (_stop.IsCancellationRequested)
                {
                    client.Dispose();
                    server.Dispose();
                    return;
                }

                _connections.Add(client);
                _connections.Add(server);
            }

            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream(), fromServer: false), PumpAsync(server.GetStream(), client.GetStream(), fromServer: true));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The cut itself, or a client that went away.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool fromServer)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (fromServer && Interlocked.Add(ref _bytesFromServer, read) > Interlocked.Read(ref _cutAfter))
            {
                Stop();
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}
