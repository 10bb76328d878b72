using Handoff.Exporter.Export;
using Handoff.Shared.Cli;
using Handoff.Shared.Progress;

namespace Handoff.Exporter.Cli;

/// <summary>The pipeline's progress as a step: rows counted against the total, bytes and the rate as its status.</summary>
internal sealed class ExportStepProgress(IProgressStep step) : IProgress<ExportProgress>
{
    public void Report(ExportProgress value)
    {
        var seconds = Math.Max(value.Elapsed.TotalSeconds, 0.001);
        step.SetDone(value.Rows);
        step.Describe($"{Units.Bytes(value.Bytes)}, {value.Rows / seconds:N0} rows/s");
    }
}
