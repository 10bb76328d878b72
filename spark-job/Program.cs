using Handoff.Shared.Cli;
using Handoff.SparkJob.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await SparkJobCli.RunAsync(args, CliConsole.System, cancellation.Token);
