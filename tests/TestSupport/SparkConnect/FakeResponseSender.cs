using System.Diagnostics;
using Grpc.Core;
using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// Sends an operation's responses on one stream as Spark's ExecuteGrpcResponseSender does
/// (sql/connect/server/.../execution/ExecuteGrpcResponseSender.scala): from the index after the
/// client's last response, waiting for the execution; when the stream has been open
/// senderMaxStreamDuration it is completed without ResultComplete and the client must reattach;
/// on a 4.x server an ExecutionProgress response goes out every report interval while there is
/// nothing else to send. An execution error ends the stream with that error.
/// </summary>
internal sealed class FakeResponseSender(FakeServerProfile profile, FakeSessions sessions)
{
    public async Task SendAsync(FakeOperation operation, int start, IServerStreamWriter<ExecutePlanResponse> stream, (int After, StreamBreak How)? broken, CancellationToken callCancelled)
    {
        var opened = Stopwatch.StartNew();
        var index = start;
        var sent = 0;
        while (true)
        {
            if (operation.At(index) is { } response)
            {
                if (broken is { } fault && sent == fault.After)
                {
                    if (fault.How == StreamBreak.Unavailable)
                    {
                        throw FakeSparkErrors.Unavailable("the connection was reset (injected)");
                    }

                    return;
                }

                await stream.WriteAsync(response, callCancelled);
                index++;
                sent++;
                continue;
            }

            if (operation.Finished)
            {
                if (operation.Error is FakeSparkException spark)
                {
                    throw FakeErrorStatus.ToRpc(spark, profile, operation.Session);
                }

                if (operation.Error is not null)
                {
                    throw operation.Error;
                }

                return;
            }

            var left = profile.SenderMaxStreamDuration - opened.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                // Deadline reached: the stream completes; the client must reattach to go on.
                return;
            }

            var wait = profile.ProgressInterval is { } interval && interval < left ? interval : left;
            if (!await operation.WaitForChangeAsync(wait, callCancelled) && profile.ProgressInterval is not null)
            {
                operation.AppendProgress(Progress(), sessions.ServerSideIdOf(operation.Session));
            }
        }
    }

    private static ExecutePlanResponse Progress() => new()
    {
        ExecutionProgress = new ExecutePlanResponse.Types.ExecutionProgress
        {
            NumInflightTasks = 1,
            Stages = { new ExecutePlanResponse.Types.ExecutionProgress.Types.StageInfo { StageId = 1, NumTasks = 1 } },
        },
    };
}
