using Handoff.Shared.Cli;
using Handoff.SparkJob.Cli;

using var cancellation = CtrlC.Listen();
return await SparkJobCli.RunAsync(args, CliConsole.System, cancellation.Token);
