using System.Diagnostics;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>
/// A slow link: request bodies are read at most <see cref="BytesPerSecond"/>, in small chunks,
/// so the sender sees steady progress at that rate (the fake also keeps its socket and request
/// buffers small, so little can pile up between the sender and this reader).
/// </summary>
public sealed class FakeThrottle
{
    private const int ChunkBytes = 4096;

    /// <summary>Null: full speed.</summary>
    public long? BytesPerSecond { get; set; }

    internal async Task<byte[]> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        if (BytesPerSecond is not { } rate)
        {
            await body.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }

        var chunk = new byte[ChunkBytes];
        var started = Stopwatch.GetTimestamp();
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            var due = TimeSpan.FromSeconds(buffer.Length / (double)rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }
        }

        return buffer.ToArray();
    }
}
