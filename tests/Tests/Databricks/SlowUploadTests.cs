using System.Diagnostics;
using System.Net.Sockets;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// A large upload on a slow link: the timeout counts inactivity, not total time, so an upload
/// that takes many times the timeout but keeps moving finishes in one attempt. The fake reads
/// the body at 64 KB/s, and the client's connection sends at 64 KB/s, as a slow link does: on
/// loopback the kernel alone would take a megabyte or more into its buffers at once and then
/// hold the sender for many seconds, which no real 64 KB/s link does.
/// </summary>
public sealed class SlowUploadTests : IAsyncLifetime
{
    private const int Size = 6 * 1024 * 1024;
    private const int BytesPerSecond = 64 * 1024;
    private static readonly TimeSpan InactivityTimeout = TimeSpan.FromSeconds(5);

    private readonly TempFolder _temp = new();
    private FakeWorkspace _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeWorkspace.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Six_megabytes_at_64_kilobytes_a_second_arrive_in_one_attempt()
    {
        var file = _temp.Combine("archive.bin");
        var content = new byte[Size];
        new Random(7).NextBytes(content);
        await File.WriteAllBytesAsync(file, content);
        _fake.Throttle.BytesPerSecond = BytesPerSecond;
        using var slowLink = new SocketsHttpHandler { ConnectCallback = ConnectThroughSlowLinkAsync };
        var options = ClientFactory.Options(new FakeClock());
        options.Retry.NetworkTimeout = InactivityTimeout;
        options.Transport = slowLink;
        using var client = new Handoff.Shared.Databricks.DatabricksClient(
            _fake.Host, new Handoff.Shared.Databricks.Auth.PersonalAccessTokenCredential(_fake.Token), options);
        var reports = 0L;
        var clock = Stopwatch.StartNew();

        await client.Files.UploadAsync(
            FakeFiles.DefaultVolume + "/slow/archive.bin", () => File.OpenRead(file), Size, overwrite: true, CancellationToken.None, new Progress(() => Interlocked.Increment(ref reports)));

        // 96 s at the fake's rate: many times the inactivity timeout, in a single request.
        Assert.True(clock.Elapsed > InactivityTimeout * 10, $"the upload took only {clock.Elapsed}");
        Assert.Single(_fake.RequestsTo("PUT /api/2.0/fs/files*"));
        Assert.Equal(content, _fake.Files.Contents[FakeFiles.DefaultVolume + "/slow/archive.bin"]);
        Assert.True(Interlocked.Read(ref reports) > 50, $"{reports} progress reports");
    }

    private static async ValueTask<Stream> ConnectThroughSlowLinkAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new SlowLink(new NetworkStream(socket, ownsSocket: true), BytesPerSecond);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A connection that sends at most <paramref name="bytesPerSecond"/>, in 4 KB steps; reads pass through.</summary>
    private sealed class SlowLink(Stream inner, long bytesPerSecond) : Stream
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (var at = 0; at < buffer.Length; at += 4096)
            {
                var part = buffer.Slice(at, Math.Min(4096, buffer.Length - at));
                await inner.WriteAsync(part, cancellationToken);
                _sent += part.Length;
                var due = TimeSpan.FromSeconds(_sent / (double)bytesPerSecond) - Stopwatch.GetElapsedTime(_started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class Progress(Action onReport) : IProgress<long>
    {
        public void Report(long value) => onReport();
    }
}
