using Handoff.Shared.Cli;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Output;

namespace Handoff.Exporter.Cli;

/// <summary>Shows the validation report the job printed on the cluster, as the job prints it locally.</summary>
internal static class RunReportPrinter
{
    public static bool TryRender(ValidationReport report, TextWriter output, TerminalStyle style, bool verbose)
    {
        try
        {
            ValidationReportPrinter.Render(report, output, style, verbose);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
