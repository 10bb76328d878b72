using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Exports.FromFiles;
using Handoff.Shared.Progress;

namespace Handoff.Shared.Cli;

/// <summary>
/// Progress of reading files for their manifest (every byte is hashed, text files parsed): one
/// step counting bytes against the files' total, with the files done as its status; live on a
/// terminal, a line every few seconds elsewhere (<see cref="ConsoleProgress"/>).
/// </summary>
public sealed class FilesProgressLine : IProgress<FilesProgress>
{
    private readonly IWorkProgress _progress;
    private readonly Lock _lock = new();
    private IProgressStep? _step;

    private FilesProgressLine(IWorkProgress progress) => _progress = progress;

    public static FilesProgressLine For(CliConsole console, bool verbose = false) => new(ConsoleProgress.For(console, verbose));

    public void Report(FilesProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            _step ??= _progress.Start("reading the files", value.Bytes, ProgressUnit.Bytes);
            _step.SetDone(value.BytesDone);
            _step.Describe($"{value.FilesDone:N0}/{value.Files:N0} files");
        }
    }

    /// <summary>Ends the step, so that what follows is not drawn over.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            _step?.Dispose();
            _step = null;
        }

        _progress.Dispose();
    }
}
