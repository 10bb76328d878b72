using Handoff.Shared.Cli;
using Handoff.Exporter.Cli;

using var cancellation = CtrlC.Listen();
return await ExporterCli.RunAsync(args, CliConsole.System, cancellation.Token);
