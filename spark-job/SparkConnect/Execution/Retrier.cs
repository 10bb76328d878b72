using Grpc.Core;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>Runs a unary call, retrying retryable failures on the client's schedule; other failures become <see cref="Errors.SparkConnectException"/>.</summary>
internal sealed class Retrier(CallContext context)
{
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, bool report = true)
    {
        var schedule = context.NewSchedule();
        while (true)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (RpcException error) when (RetryableErrors.IsRetryable(error) && !cancellationToken.IsCancellationRequested)
            {
                var wait = schedule.NextWait() ?? throw await context.GiveUpAsync(error, operation, schedule);
                if (report)
                {
                    context.ReportRetry(operation, error, schedule, wait);
                }

                await Task.Delay(wait, context.Time, cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException error)
            {
                throw await context.TranslateAsync(error, operation);
            }
        }
    }
}
