using Handoff.Shared.Cli;
using Handoff.Exporter.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await ExporterCli.RunAsync(args, CliConsole.System, cancellation.Token);
