using System.Globalization;
using Handoff.Shared.Manifest.FromFiles;

namespace Handoff.Shared.Cli;

/// <summary>
/// Progress of reading files for their manifest, on a terminal only: one stderr line rewritten as
/// each file is done. Reading is the long part (every byte is hashed, text files parsed).
/// </summary>
public sealed class FilesProgressLine(TextWriter stderr) : IProgress<FilesProgress>
{
    private readonly Lock _lock = new();
    private bool _written;

    public static FilesProgressLine? For(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return console.ErrorIsTerminal ? new FilesProgressLine(console.Error) : null;
    }

    public void Report(FilesProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            _written = true;
            stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\r  read {value.FilesDone}/{value.Files} files  {Units.Bytes(value.BytesDone)} of {Units.Bytes(value.Bytes)}   "));
        }
    }

    /// <summary>Ends the line so that what follows starts on a fresh one.</summary>
    public void Finish()
    {
        if (_written)
        {
            stderr.WriteLine();
        }
    }
}
