using System.IO.Compression;
using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.Compression;

/// <summary>The stream a text writer writes to: the output itself, or a gzip stream over it that the output outlives.</summary>
internal sealed class CompressedOutput(Stream output, Stream? compressor) : IAsyncDisposable
{
    public Stream Stream => compressor ?? output;

    /// <summary>Ends the compressed stream (the gzip trailer) and flushes the output, leaving it open.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (compressor is not null)
        {
            await compressor.DisposeAsync();
        }

        await output.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => compressor?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>The stream a text reader reads from: the input itself, or a gzip stream over it.</summary>
internal sealed class CompressedInput(Stream input, Stream? decompressor) : IAsyncDisposable
{
    public Stream Stream => decompressor ?? input;

    public ValueTask DisposeAsync() => decompressor?.DisposeAsync() ?? ValueTask.CompletedTask;
}

internal static class Compressed
{
    public static CompressedOutput Writing(Stream output, string compression, CompressionLevel level) => compression switch
    {
        "none" => new CompressedOutput(output, null),
        "gzip" => new CompressedOutput(output, new GZipStream(output, level, leaveOpen: true)),
        _ => throw new InputArgumentException($"'{compression}' is not a text compression (expected none or gzip)", nameof(compression)),
    };

    public static CompressedInput Reading(Stream input, string compression) => compression switch
    {
        "none" => new CompressedInput(input, null),
        "gzip" => new CompressedInput(input, new GZipStream(input, CompressionMode.Decompress, leaveOpen: true)),
        _ => throw new InputArgumentException($"'{compression}' is not a text compression (expected none or gzip)", nameof(compression)),
    };
}
